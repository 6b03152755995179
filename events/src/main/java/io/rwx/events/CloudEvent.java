package io.rwx.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A CloudEvents 1.0 event of the contract: attributes plus typed {@code data}.
 *
 * @param id           unique per source; deterministic when the event is derived from state (see {@link EventIds})
 * @param source       URI-reference naming the cluster and the producing service, e.g. {@code //rwx/prod-eu/volume-watcher}
 * @param type         the catalogue entry
 * @param subject      volume name (node name, or migration id) the event is about
 * @param time         when the change happened, not when it was sent
 * @param partitionKey the Kafka key
 * @param sequence     per-subject sequence of the producer, or {@code null} where the producer has none
 * @param data         the payload
 * @param requestedBy  extension attribute {@code requestedby}: who asked for what this event reports (the
 *                     authenticated Kubernetes user of an API request, or the {@code source} of a request event), or
 *                     {@code null} where nobody asked (the event reports observed state)
 */
public record CloudEvent<T extends EventData>(
        String id,
        String source,
        EventType type,
        String subject,
        Instant time,
        String partitionKey,
        Long sequence,
        T data,
        String requestedBy) {

    public static final String SPEC_VERSION = "1.0";
    public static final String CONTENT_TYPE = "application/json";

    public CloudEvent {
        requireText(id, "id");
        requireText(source, "source");
        Objects.requireNonNull(type, "type");
        requireText(subject, "subject");
        Objects.requireNonNull(time, "time");
        requireText(partitionKey, "partitionkey");
        Objects.requireNonNull(data, "data");
        if (type.dataClass() != data.getClass()) {
            throw new IllegalArgumentException(
                    "data of " + type.type() + " must be " + type.dataClass().getSimpleName() + ", was "
                            + data.getClass().getSimpleName());
        }
        if (sequence != null && sequence < 0) {
            throw new IllegalArgumentException("sequence must not be negative, was " + sequence);
        }
        if (requestedBy != null && (requestedBy.isBlank() || requestedBy.length() > MAX_REQUESTED_BY)) {
            throw new MalformedEventException("requestedby", "ce_requestedby must be 1 to " + MAX_REQUESTED_BY
                    + " characters");
        }
    }

    /** The longest {@code requestedby} accepted (a Kubernetes user name, e.g. a service account's, fits). */
    public static final int MAX_REQUESTED_BY = 253;

    /** An event without {@code requestedby} (observed state). */
    public CloudEvent(String id, String source, EventType type, String subject, Instant time, String partitionKey,
            Long sequence, T data) {
        this(id, source, type, subject, time, partitionKey, sequence, data, null);
    }

    /** The same event, recording who asked for what it reports. */
    public CloudEvent<T> withRequestedBy(String who) {
        return new CloudEvent<>(id, source, type, subject, time, partitionKey, sequence, data, who);
    }

    /**
     * An event whose subject and key come from its data.
     */
    public static <T extends EventData> CloudEvent<T> of(String id, String source, Instant time, T data) {
        return new CloudEvent<>(id, source, EventType.of(data), data.subject(), time, data.partitionKey(), null, data);
    }

    public CloudEvent<T> withSequence(long seq) {
        return new CloudEvent<>(id, source, type, subject, time, partitionKey, seq, data, requestedBy);
    }

    /** The topic (default name) this event belongs to. */
    public Topic topic() {
        return type.topic();
    }

    @SuppressWarnings("unchecked")
    public <D extends EventData> D dataAs(Class<D> dataClass) {
        if (!dataClass.isInstance(data)) {
            throw new IllegalStateException(type.type() + " carries " + data.getClass().getSimpleName()
                    + ", not " + dataClass.getSimpleName());
        }
        return (D) data;
    }

    private static void requireText(String value, String attribute) {
        if (value == null || value.isBlank()) {
            throw new MalformedEventException(attribute, "required CloudEvents attribute '" + attribute
                    + "' is missing or empty");
        }
    }
}
