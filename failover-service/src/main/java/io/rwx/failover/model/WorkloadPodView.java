package io.rwx.failover.model;

import java.time.Instant;

/**
 * What the rule needs to know about a pod that mounts the volume's PVC.
 *
 * @param controllerGroupKind {@code group/Kind} of the controller owner ({@code apps/ReplicaSet}); null for a bare pod
 * @param startTime           {@code status.startTime}; null if the kubelet has not started it
 * @param nodeReady           false when the pod's node is NotReady, Unknown or gone
 */
public record WorkloadPodView(
        String namespace,
        String name,
        String uid,
        String node,
        String controllerGroupKind,
        String controllerName,
        Instant startTime,
        boolean terminating,
        boolean running,
        boolean ready,
        boolean nodeReady) {

    public String fullName() {
        return namespace + "/" + name;
    }

    public boolean hasController() {
        return controllerGroupKind != null;
    }
}
