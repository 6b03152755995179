package io.rwx.sharemanager.model;

import io.rwx.crds.ShareManagerState;

/**
 * Everything the lifecycle decision needs, read from the API in one pass.
 *
 * @param current            the ShareManager's recorded state (null: no ShareManager yet)
 * @param inUse              a non-terminated pod mounts the PVC bound to the volume
 * @param faulted            the volume's robustness is faulted
 * @param pod                the share-manager pod, or null
 * @param volumeAttachedToPodNode the volume is attached ({@code status.state=attached}) to the pod's node
 * @param failureReported    a failure was reported for exactly this pod (its UID)
 * @param backoffElapsed     the per-volume recreation backoff allows a new pod now
 * @param serviceHasClusterIP the endpoint Service has its ClusterIP
 */
public record Facts(
        ShareManagerState current,
        boolean inUse,
        boolean faulted,
        PodFacts pod,
        boolean volumeAttachedToPodNode,
        boolean failureReported,
        boolean backoffElapsed,
        boolean serviceHasClusterIP) {

    /** The share-manager pod as the API shows it. */
    public record PodFacts(String uid, String node, String phase, boolean ready, boolean terminating,
            boolean containerTerminated, boolean nodeExists, boolean nodeReady) {

        public boolean scheduled() {
            return node != null;
        }

        public boolean failed() {
            return "Failed".equals(phase) || containerTerminated || (node != null && (!nodeExists || !nodeReady));
        }

        public boolean runningAndReady() {
            return "Running".equals(phase) && ready && !terminating;
        }

        /** Its node is gone or not Ready: the pod cannot terminate gracefully. */
        public boolean nodeLost() {
            return node != null && (!nodeExists || !nodeReady);
        }
    }
}
