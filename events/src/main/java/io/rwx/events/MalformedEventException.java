package io.rwx.events;

/**
 * An event that does not satisfy the contract. {@link #field()} names the offending CloudEvents attribute
 * (e.g. {@code ce_type}) or data field path (e.g. {@code data.reason}), so a dead-letter record tells its
 * producer exactly what to fix.
 */
public class MalformedEventException extends RuntimeException {

    private final String field;

    public MalformedEventException(String field, String message) {
        super(message);
        this.field = field;
    }

    public MalformedEventException(String field, String message, Throwable cause) {
        super(message, cause);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
