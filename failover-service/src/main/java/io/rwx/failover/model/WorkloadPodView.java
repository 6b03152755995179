package io.rwx.failover.model;

import io.fabric8.kubernetes.api.model.Pod;
import io.rwx.kit.model.Pods;

import java.time.Instant;
import java.util.function.Predicate;

/**
 * What the rule needs to know about a pod that mounts the volume's PVC.
 *
 * @param controllerGroupKind {@code group/Kind} of the controller owner ({@code apps/ReplicaSet}); null for a bare pod
 * @param startTime           {@code status.startTime}; null if the kubelet has not started it
 * @param finished            Succeeded or Failed: it holds no mount and its controller does not recreate it
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
        boolean finished,
        boolean running,
        boolean ready,
        boolean nodeReady) {

    public String fullName() {
        return namespace + "/" + name;
    }

    public boolean hasController() {
        return controllerGroupKind != null;
    }

    /** The view of a pod; {@code nodeReady} answers for its node. */
    public static WorkloadPodView of(Pod pod, Predicate<String> nodeReady) {
        String node = Pods.node(pod);
        return new WorkloadPodView(pod.getMetadata().getNamespace(), pod.getMetadata().getName(),
                pod.getMetadata().getUid(), node, Pods.controllerGroupKind(pod),
                Pods.controller(pod).map(o -> o.getName()).orElse(null), Pods.startTime(pod), Pods.terminating(pod),
                Pods.finished(pod), "Running".equals(Pods.phase(pod)), Pods.ready(pod), node == null || nodeReady.test(node));
    }
}
