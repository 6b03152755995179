package io.rwx.volumewatcher.model;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.rwx.crds.Longhorn;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/** Small readings of Kubernetes objects. Pure. */
public final class PodFacts {

    private PodFacts() {
    }

    public static String phase(Pod p) {
        return p.getStatus() == null ? null : p.getStatus().getPhase();
    }

    public static boolean ready(Pod p) {
        return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** The share-manager container's terminated state: (exit code, finishedAt), if it terminated. */
    public static Optional<String> terminated(Pod p) {
        if (p.getStatus() == null || p.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return p.getStatus().getContainerStatuses().stream()
                .filter(c -> Longhorn.SHARE_MANAGER_CONTAINER.equals(c.getName()))
                .filter(c -> c.getState() != null && c.getState().getTerminated() != null)
                .map(c -> "exit code " + c.getState().getTerminated().getExitCode()
                        + (c.getState().getTerminated().getReason() == null ? ""
                        : " (" + c.getState().getTerminated().getReason() + ")"))
                .findFirst();
    }

    /** PVC names the pod mounts. */
    public static List<String> claims(Pod p) {
        if (p.getSpec() == null || p.getSpec().getVolumes() == null) {
            return List.of();
        }
        return p.getSpec().getVolumes().stream().filter(v -> v.getPersistentVolumeClaim() != null)
                .map(v -> v.getPersistentVolumeClaim().getClaimName()).toList();
    }

    static boolean mountsReadOnly(Pod p, String claim) {
        if (claim == null || p.getSpec().getVolumes() == null) {
            return false;
        }
        return p.getSpec().getVolumes().stream()
                .filter(v -> v.getPersistentVolumeClaim() != null && claim.equals(v.getPersistentVolumeClaim().getClaimName()))
                .allMatch(v -> Boolean.TRUE.equals(v.getPersistentVolumeClaim().getReadOnly())
                        || p.getSpec().getContainers().stream().flatMap(c -> c.getVolumeMounts() == null
                                ? java.util.stream.Stream.empty() : c.getVolumeMounts().stream())
                        .filter(m -> v.getName().equals(m.getName()))
                        .allMatch(m -> Boolean.TRUE.equals(m.getReadOnly())));
    }

    /** Node readiness: "True", "False", "Unknown", or null if the node has no Ready condition. */
    public static String readyCondition(Node n) {
        if (n == null || n.getStatus() == null || n.getStatus().getConditions() == null) {
            return null;
        }
        return n.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .map(io.fabric8.kubernetes.api.model.NodeCondition::getStatus).findFirst().orElse(null);
    }

    public static Instant readySince(Node n) {
        if (n == null || n.getStatus() == null || n.getStatus().getConditions() == null) {
            return null;
        }
        return n.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType()))
                .map(c -> c.getLastTransitionTime() == null ? null : parse(c.getLastTransitionTime()))
                .findFirst().orElse(null);
    }

    static String group(String apiVersion) {
        return apiVersion == null || !apiVersion.contains("/") ? "" : apiVersion.substring(0, apiVersion.indexOf('/'));
    }

    public static Instant parse(String rfc3339) {
        return OffsetDateTime.parse(rfc3339).toInstant();
    }
}
