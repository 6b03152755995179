package io.rwx.events;

/**
 * The {@code data} of an event. Every payload record names the entity the event is about, which becomes the
 * CloudEvents {@code subject} and, through {@link #partitionKey()}, the Kafka key.
 */
public interface EventData {

    /** The CloudEvents subject: the volume name (node name for node events, migration id for migrations). */
    String subject();

    /** The Kafka key and {@code ce_partitionkey}; events with the same key are ordered. */
    default String partitionKey() {
        return subject();
    }
}
