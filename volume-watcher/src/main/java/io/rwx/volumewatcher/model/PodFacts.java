package io.rwx.volumewatcher.model;

import io.fabric8.kubernetes.api.model.Pod;

/** The snapshot's reading of how a workload mounts its claim (pure). */
public final class PodFacts {

    private PodFacts() {
    }

    /** Every mount of the claim is read-only (the PVC volume source or every container's volumeMount). */
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
}
