package io.rwx.failover.kubernetes;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.rwx.crds.Longhorn;
import io.rwx.failover.model.ShareManagerPodView;
import io.rwx.failover.model.WorkloadPodView;

import java.time.Instant;
import java.util.function.Predicate;

/** Turns fabric8 pods into the plain views the rule works on. */
public final class PodViews {

    private PodViews() {
    }

    public static WorkloadPodView workload(Pod pod, Predicate<String> nodeReady) {
        OwnerReference controller = pod.getMetadata().getOwnerReferences() == null ? null
                : pod.getMetadata().getOwnerReferences().stream()
                        .filter(o -> Boolean.TRUE.equals(o.getController())).findFirst().orElse(null);
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        return new WorkloadPodView(
                pod.getMetadata().getNamespace(), pod.getMetadata().getName(), pod.getMetadata().getUid(), node,
                controller == null ? null : group(controller.getApiVersion()) + "/" + controller.getKind(),
                controller == null ? null : controller.getName(),
                startTime(pod),
                pod.getMetadata().getDeletionTimestamp() != null,
                "Running".equals(phase(pod)),
                ready(pod),
                node == null || nodeReady.test(node));
    }

    public static ShareManagerPodView shareManager(Pod pod, boolean nodeExists, boolean nodeReady) {
        boolean terminated = pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null
                && pod.getStatus().getContainerStatuses().stream()
                        .filter(c -> Longhorn.SHARE_MANAGER_CONTAINER.equals(c.getName()))
                        .anyMatch(c -> c.getState() != null && c.getState().getTerminated() != null);
        String created = pod.getMetadata().getCreationTimestamp();
        return new ShareManagerPodView(pod.getMetadata().getName(), pod.getMetadata().getUid(),
                pod.getSpec() == null ? null : pod.getSpec().getNodeName(), phase(pod), ready(pod),
                pod.getMetadata().getDeletionTimestamp() != null, terminated,
                nodeReady, nodeExists, created == null ? null : parse(created));
    }

    static String group(String apiVersion) {
        if (apiVersion == null || !apiVersion.contains("/")) {
            return "";
        }
        return apiVersion.substring(0, apiVersion.indexOf('/'));
    }

    static String phase(Pod pod) {
        return pod.getStatus() == null ? null : pod.getStatus().getPhase();
    }

    static boolean ready(Pod pod) {
        return pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus().getConditions()
                .stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    static Instant startTime(Pod pod) {
        return pod.getStatus() == null || pod.getStatus().getStartTime() == null ? null
                : parse(pod.getStatus().getStartTime());
    }

    static Instant parse(String rfc3339) {
        return java.time.OffsetDateTime.parse(rfc3339).toInstant();
    }
}
