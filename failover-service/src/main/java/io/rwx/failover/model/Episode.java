package io.rwx.failover.model;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The durable record of a failover episode, kept on the Volume (annotation {@value #ANNOTATION}) by
 * failover-service, its only writer, so that a restarted service resumes where it was. One episode = one failed
 * share-manager pod (its UID).
 *
 * @param uid                UID of the failed share-manager pod
 * @param detectedAt         when the failure was detected: the value stamped into {@code status.remountRequestedAt}
 * @param phase              where the episode is
 * @param podsDeleted        workload pods deleted so far
 * @param podsNeedingRestart workload pods left for a manual restart
 * @param autoDelete         the auto-delete setting as read at the decision (null before it)
 */
public record Episode(String uid, Instant detectedAt, Phase phase, String failedPod, String failedNode,
        String reason, int podsDeleted, int podsNeedingRestart, Boolean autoDelete) {

    public static final String ANNOTATION = "failover.rwx.io/episode";

    public enum Phase {
        /** Stamped; waiting for a Running and Ready replacement share-manager. */
        WAITING_FOR_REPLACEMENT,
        /** The replacement did not become ready in time (reported once); still waiting, nothing deleted. */
        STALLED,
        /** Workload pods were deleted; waiting for them to run again. */
        RESTARTING_WORKLOADS,
        /** Over. */
        COMPLETED;

        public boolean open() {
            return this != COMPLETED;
        }

        public boolean waitingForReplacement() {
            return this == WAITING_FOR_REPLACEMENT || this == STALLED;
        }
    }

    /** A new episode, stamped at the detection time truncated to seconds. */
    public static Episode open(String uid, Instant detectedAt, String failedPod, String failedNode, String reason) {
        return new Episode(uid, stampOf(detectedAt), Phase.WAITING_FOR_REPLACEMENT, failedPod, failedNode, reason,
                0, 0, null);
    }

    public Episode withPhase(Phase next) {
        return new Episode(uid, detectedAt, next, failedPod, failedNode, reason, podsDeleted, podsNeedingRestart,
                autoDelete);
    }

    public Episode withDecision(int deleted, int needingRestart, boolean autoDeleteSetting, Phase next) {
        return new Episode(uid, detectedAt, next, failedPod, failedNode, reason, deleted, needingRestart,
                autoDeleteSetting);
    }

    /**
     * The stamp of an episode: the detection time truncated to seconds (RFC 3339 without fraction, like Longhorn).
     * Pod start times have seconds precision; a pod whose startTime equals the stamp counts as started after it.
     */
    public static Instant stampOf(Instant detectedAt) {
        return detectedAt.truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * Does a confirmed failure of {@code failedUid}, detected at {@code detectedAt}, open a new episode? Not if it
     * is the recorded episode (a repeated or redelivered signal), and not if it is older than the recorded one
     * (a late signal about an earlier pod must not move the stamp back).
     */
    public static boolean opensNewEpisode(Episode recorded, String failedUid, Instant detectedAt) {
        if (recorded == null) {
            return true;
        }
        if (recorded.uid().equals(failedUid)) {
            return false;
        }
        return stampOf(detectedAt).isAfter(recorded.detectedAt());
    }
}
