package io.rwx.failover.model;

import io.rwx.kit.model.EpisodeRecord;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The durable record of a failover episode, kept on the Volume (annotation {@value #ANNOTATION}) by
 * failover-service, its only writer, so that a restarted service resumes where it was. One episode = one failed
 * share-manager pod (its UID). share-manager-controller reads it too ({@link EpisodeRecord}).
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

    public static final String ANNOTATION = EpisodeRecord.ANNOTATION;

    public enum Phase {
        /** Recorded; the remount request (stamp and its event) is next. */
        OPENED,
        /** Stamped and announced; waiting for a Running and Ready replacement share-manager. */
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
        return new Episode(uid, stampOf(detectedAt), Phase.OPENED, failedPod, failedNode, reason, 0, 0, null);
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
     * Does a confirmed failure of pod {@code failedUid} (created at {@code failedPodCreatedAt}, if known) open a new
     * episode after {@code recorded}? Not if it is the recorded episode's pod (a repeated or redelivered report);
     * not if that pod existed before the recorded episode was detected (a late report about an older pod must not
     * move the stamp back). No episode can block later ones: a pod created after the recorded episode is always a
     * new failure, and a record whose detection lies in the future (written from a forged report time before such
     * times were clamped) is no evidence of anything.
     */
    public static boolean opensNewEpisode(Episode recorded, String failedUid, Instant failedPodCreatedAt,
            Instant detectedAt, Instant now) {
        if (recorded == null) {
            return true;
        }
        if (recorded.uid().equals(failedUid)) {
            return false;
        }
        if (recorded.detectedAt().isAfter(now)) {
            return true;
        }
        Instant born = failedPodCreatedAt != null ? failedPodCreatedAt : detectedAt;
        return !born.isBefore(recorded.detectedAt());
    }
}
