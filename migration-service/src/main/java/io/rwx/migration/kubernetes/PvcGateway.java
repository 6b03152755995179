package io.rwx.migration.kubernetes;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rwx.migration.model.PodMountView;
import io.rwx.migration.model.PvcView;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Map;

/** Reads PVCs and the pods that mount them. */
@ApplicationScoped
public class PvcGateway {

    private final KubernetesClient client;

    public PvcGateway(KubernetesClient client) {
        this.client = client;
    }

    /** The PVC, or null. */
    public PvcView view(String namespace, String name) {
        PersistentVolumeClaim pvc = client.persistentVolumeClaims().inNamespace(namespace).withName(name).get();
        if (pvc == null) {
            return null;
        }
        return new PvcView(namespace, name, pvc.getSpec().getAccessModes(), capacity(pvc));
    }

    public PersistentVolumeClaim get(String namespace, String name) {
        return client.persistentVolumeClaims().inNamespace(namespace).withName(name).get();
    }

    static Long capacity(PersistentVolumeClaim pvc) {
        Map<String, Quantity> bound = pvc.getStatus() == null ? null : pvc.getStatus().getCapacity();
        Quantity q = bound != null && bound.get("storage") != null ? bound.get("storage")
                : pvc.getSpec().getResources() == null || pvc.getSpec().getResources().getRequests() == null ? null
                : pvc.getSpec().getResources().getRequests().get("storage");
        return q == null ? null : q.getNumericalAmount().longValue();
    }

    /** Pods of the namespace that mount the claim, with whether any container mounts it read-write. */
    public List<PodMountView> podsMounting(String namespace, String claim) {
        return client.pods().inNamespace(namespace).list().getItems().stream()
                .filter(p -> p.getSpec() != null && p.getSpec().getVolumes() != null)
                .filter(p -> p.getSpec().getVolumes().stream().anyMatch(v -> v.getPersistentVolumeClaim() != null
                        && claim.equals(v.getPersistentVolumeClaim().getClaimName())))
                .map(p -> new PodMountView(namespace, p.getMetadata().getName(),
                        p.getStatus() == null ? null : p.getStatus().getPhase(), mountsReadWrite(p, claim)))
                .toList();
    }

    static boolean mountsReadWrite(Pod pod, String claim) {
        return pod.getSpec().getVolumes().stream()
                .filter(v -> v.getPersistentVolumeClaim() != null
                        && claim.equals(v.getPersistentVolumeClaim().getClaimName()))
                .filter(v -> !Boolean.TRUE.equals(v.getPersistentVolumeClaim().getReadOnly()))
                .anyMatch(v -> pod.getSpec().getContainers().stream()
                        .flatMap(c -> c.getVolumeMounts() == null ? java.util.stream.Stream.empty()
                                : c.getVolumeMounts().stream())
                        .anyMatch(m -> v.getName().equals(m.getName()) && !Boolean.TRUE.equals(m.getReadOnly())));
    }
}
