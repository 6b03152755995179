package io.rwx.sharemanager.model;

import io.rwx.crds.ShareManagerState;
import io.rwx.kit.model.ShareManagerPods;

/**
 * Everything the lifecycle decision needs, read in one pass (from the informer cache).
 *
 * @param current                 the ShareManager's recorded state (null: no ShareManager yet)
 * @param inUse                   a workload uses the volume, a failover episode is restarting its workloads, or
 *                                the last workload left less than the stop delay ago
 * @param faulted                 the volume's robustness is faulted
 * @param pod                     the share-manager pod, or null
 * @param volumeAttachedToPodNode the volume is attached ({@code status.state=attached}) to the pod's node
 * @param failureConfirmed        an open failover episode names exactly this pod (e.g. a trusted report)
 * @param backoffElapsed          the per-volume recreation backoff allows a new pod now
 * @param serviceHasClusterIP     the endpoint Service has its ClusterIP
 */
public record Facts(
        ShareManagerState current,
        boolean inUse,
        boolean faulted,
        PodFacts pod,
        boolean volumeAttachedToPodNode,
        boolean failureConfirmed,
        boolean backoffElapsed,
        boolean serviceHasClusterIP) {

    /**
     * The share-manager pod: its UID and node, the classifier's verdict, whether its node is down (then it
     * cannot terminate gracefully) and whether it is being deleted.
     */
    public record PodFacts(String uid, String node, ShareManagerPods.Verdict verdict, boolean nodeDown,
            boolean terminating) {

        public boolean scheduled() {
            return node != null;
        }
    }
}
