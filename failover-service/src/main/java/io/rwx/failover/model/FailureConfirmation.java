package io.rwx.failover.model;

import io.rwx.events.common.FailureReason;

/**
 * Step 1 of the rule: is the failure a signal reports real? Events only say "look now"; the API decides. A
 * signal about a pod that is Running and Ready on a Ready node is not confirmed, unless its source is trusted.
 */
public final class FailureConfirmation {

    /** The outcome, with the failed pod's UID (the episode) and the confirmed reason. */
    public record Outcome(boolean confirmed, String episodeUid, FailureReason reason, String explanation) {
    }

    private FailureConfirmation() {
    }

    /**
     * @param reportedUid the failed pod's UID as reported (null if the reporter does not know it)
     * @param reported    the reported reason
     * @param current     the volume's current share-manager pod, or null if there is none
     * @param trusted     the signal's source is in the trusted list
     */
    public static Outcome confirm(String reportedUid, FailureReason reported, ShareManagerPodView current,
            boolean trusted) {
        if (reportedUid != null && (current == null || !reportedUid.equals(current.uid()))) {
            return new Outcome(true, reportedUid, reported == null ? FailureReason.POD_DELETED : reported,
                    "the reported pod no longer exists");
        }
        if (current == null) {
            return new Outcome(false, null, reported, "no share-manager pod exists and none was named");
        }
        String uid = current.uid();
        if ("Failed".equals(current.phase())) {
            return new Outcome(true, uid, FailureReason.POD_FAILED, "pod phase is Failed");
        }
        if (current.containerTerminated()) {
            return new Outcome(true, uid, FailureReason.CONTAINER_EXITED, "the share-manager container terminated");
        }
        if (!current.nodeExists()) {
            return new Outcome(true, uid, FailureReason.NODE_LOST, "node " + current.node() + " is gone");
        }
        if (!current.nodeReady()) {
            return new Outcome(true, uid, FailureReason.NODE_NOT_READY, "node " + current.node() + " is not Ready");
        }
        if (current.terminating()) {
            return new Outcome(true, uid, FailureReason.POD_DELETED, "the pod is being deleted");
        }
        if (trusted) {
            return new Outcome(true, uid, reported == null ? FailureReason.EXTERNAL : reported,
                    "reported by a trusted source");
        }
        if (!current.runningAndReady()) {
            // starting up (Pending, not yet Ready): not a failure of a serving share-manager
            return new Outcome(false, uid, reported, "the pod is " + current.phase() + " and not yet serving");
        }
        return new Outcome(false, uid, reported, "the pod is Running and Ready on a Ready node");
    }
}
