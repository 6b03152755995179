package io.rwx.kit.model;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;

/**
 * Readings of a pod that every service makes the same way (pure). In particular the one Ready check: a pod is
 * ready when its {@code Ready} condition is {@code True}.
 */
public final class Pods {

    private Pods() {
    }

    public static String phase(Pod p) {
        return p.getStatus() == null ? null : p.getStatus().getPhase();
    }

    /** The Ready condition is True. */
    public static boolean ready(Pod p) {
        return p.getStatus() != null && p.getStatus().getConditions() != null && p.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Phase Running, Ready, and not being deleted. */
    public static boolean runningAndReady(Pod p) {
        return "Running".equals(phase(p)) && ready(p) && !terminating(p);
    }

    /** Being deleted: {@code metadata.deletionTimestamp} is set. */
    public static boolean terminating(Pod p) {
        return p.getMetadata().getDeletionTimestamp() != null;
    }

    /** Succeeded or Failed: its containers have stopped for good and hold no mount. */
    public static boolean finished(Pod p) {
        String phase = phase(p);
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    public static String node(Pod p) {
        return p.getSpec() == null ? null : p.getSpec().getNodeName();
    }

    public static Instant startTime(Pod p) {
        return p.getStatus() == null || p.getStatus().getStartTime() == null ? null : parse(p.getStatus().getStartTime());
    }

    public static Instant createdAt(Pod p) {
        return p.getMetadata().getCreationTimestamp() == null ? null : parse(p.getMetadata().getCreationTimestamp());
    }

    /** The controller owner reference, if any. */
    public static Optional<OwnerReference> controller(Pod p) {
        return p.getMetadata().getOwnerReferences() == null ? Optional.empty() : p.getMetadata().getOwnerReferences()
                .stream().filter(o -> Boolean.TRUE.equals(o.getController())).findFirst();
    }

    /** {@code group/Kind} of the controller owner ({@code apps/ReplicaSet}; core group as {@code /Kind}), or null. */
    public static String controllerGroupKind(Pod p) {
        return controller(p).map(o -> group(o.getApiVersion()) + "/" + o.getKind()).orElse(null);
    }

    /** The terminated state of the named container, if it terminated. */
    public static Optional<ContainerStateTerminated> terminated(Pod p, String container) {
        if (p.getStatus() == null || p.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return p.getStatus().getContainerStatuses().stream().filter(c -> container.equals(c.getName()))
                .filter(c -> c.getState() != null && c.getState().getTerminated() != null)
                .map(c -> c.getState().getTerminated()).findFirst();
    }

    /** Names of the PVCs the pod mounts. */
    public static List<String> claims(Pod p) {
        if (p.getSpec() == null || p.getSpec().getVolumes() == null) {
            return List.of();
        }
        return p.getSpec().getVolumes().stream().filter(v -> v.getPersistentVolumeClaim() != null)
                .map(v -> v.getPersistentVolumeClaim().getClaimName()).toList();
    }

    public static boolean mounts(Pod p, String claim) {
        return claims(p).contains(claim);
    }

    /**
     * Does the pod use the volume behind its claim? It mounts the claim, is not finished (a Succeeded or Failed
     * pod holds no mount) and is not being deleted. The one definition of "in use" for every service.
     */
    public static boolean usesClaim(Pod p, String claim) {
        return mounts(p, claim) && !finished(p) && !terminating(p);
    }

    /** Does any container mount the claim read-write? */
    public static boolean mountsReadWrite(Pod p, String claim) {
        if (p.getSpec() == null || p.getSpec().getVolumes() == null) {
            return false;
        }
        return p.getSpec().getVolumes().stream()
                .filter(v -> v.getPersistentVolumeClaim() != null && claim.equals(v.getPersistentVolumeClaim().getClaimName()))
                .filter(v -> !Boolean.TRUE.equals(v.getPersistentVolumeClaim().getReadOnly()))
                .anyMatch(v -> p.getSpec().getContainers().stream()
                        .flatMap(c -> c.getVolumeMounts() == null ? java.util.stream.Stream.empty() : c.getVolumeMounts().stream())
                        .anyMatch(m -> v.getName().equals(m.getName()) && !Boolean.TRUE.equals(m.getReadOnly())));
    }

    /** The API group of an apiVersion ({@code apps/v1} → {@code apps}; {@code v1} → empty). */
    public static String group(String apiVersion) {
        return apiVersion == null || !apiVersion.contains("/") ? "" : apiVersion.substring(0, apiVersion.indexOf('/'));
    }

    public static Instant parse(String rfc3339) {
        return OffsetDateTime.parse(rfc3339).toInstant();
    }
}
