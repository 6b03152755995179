package io.rwx.failover.model;

import java.time.Instant;

/**
 * The volume's current share-manager pod as the API shows it.
 *
 * @param containerTerminated the share-manager container has a terminated state (restartPolicy Never: final)
 * @param nodeReady           false when the pod's node is NotReady/Unknown
 * @param nodeExists          false when the pod's node object is gone
 */
public record ShareManagerPodView(
        String name,
        String uid,
        String node,
        String phase,
        boolean ready,
        boolean terminating,
        boolean containerTerminated,
        boolean nodeReady,
        boolean nodeExists,
        Instant createdAt) {

    public boolean runningAndReady() {
        return "Running".equals(phase) && ready && !terminating;
    }
}
