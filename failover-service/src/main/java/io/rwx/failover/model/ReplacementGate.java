package io.rwx.failover.model;

/** Step 4's gate: workload pods are deleted only once a replacement share-manager serves. */
public final class ReplacementGate {

    private ReplacementGate() {
    }

    /** A pod other than the failed one (another UID) is Running, Ready and not terminating. */
    public static boolean replacementReady(ShareManagerPodView current, String failedUid) {
        return current != null && !current.uid().equals(failedUid) && current.runningAndReady();
    }
}
