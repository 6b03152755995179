package io.rwx.events;

/**
 * The Kafka topics of the contract, with their default names. Every topic has a dead-letter topic
 * {@code <topic>.dlq} where consumers park messages they could not process after bounded retries.
 */
public enum Topic {
    VOLUMES("rwx.volumes", "volume name"),
    SHARE_MANAGERS("rwx.share-managers", "volume name"),
    NODES("rwx.nodes", "node name"),
    FAILOVERS("rwx.failovers", "volume name"),
    MIGRATIONS("rwx.migrations", "<namespace>/<target PVC>");

    public static final String DLQ_SUFFIX = ".dlq";

    private final String defaultName;
    private final String keyDescription;

    Topic(String defaultName, String keyDescription) {
        this.defaultName = defaultName;
        this.keyDescription = keyDescription;
    }

    /** The default topic name; deployments may configure another one. */
    public String defaultName() {
        return defaultName;
    }

    /** The default dead-letter topic name. */
    public String defaultDlqName() {
        return defaultName + DLQ_SUFFIX;
    }

    /** What the Kafka record key (and {@code ce_partitionkey}) holds on this topic. */
    public String keyDescription() {
        return keyDescription;
    }
}
