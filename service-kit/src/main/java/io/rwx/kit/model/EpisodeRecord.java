package io.rwx.kit.model;

import java.time.Instant;

/**
 * What other services may read of failover-service's episode record (the Volume annotation {@value #ANNOTATION},
 * written by failover-service only): which share-manager pod failed, when, and whether the episode is still open.
 * share-manager-controller reads it to keep a share-manager running while an episode restarts the workloads, and
 * to replace a pod that an episode (for instance a trusted report) declared failed.
 */
public record EpisodeRecord(String uid, Instant detectedAt, String phase) {

    public static final String ANNOTATION = "failover.rwx.io/episode";
    public static final String COMPLETED = "COMPLETED";
    public static final String RESTARTING_WORKLOADS = "RESTARTING_WORKLOADS";

    public boolean open() {
        return phase != null && !COMPLETED.equals(phase);
    }
}
