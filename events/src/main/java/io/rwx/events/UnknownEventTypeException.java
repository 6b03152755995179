package io.rwx.events;

/**
 * A well-formed event of a type this catalogue does not know (a newer {@code v<N>}, or another system's
 * type on a shared topic). Consumers skip such events rather than dead-lettering them.
 */
public class UnknownEventTypeException extends MalformedEventException {

    private final String type;

    public UnknownEventTypeException(String type) {
        super(CloudEventCodec.TYPE, "unknown event type '" + type + "'");
        this.type = type;
    }

    public String type() {
        return type;
    }
}
