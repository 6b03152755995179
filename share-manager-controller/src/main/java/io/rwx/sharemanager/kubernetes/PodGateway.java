package io.rwx.sharemanager.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rwx.crds.Longhorn;
import io.rwx.sharemanager.config.ShareManagerConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/** Share-manager pods (created and deleted here) and workload pods (read only). */
@ApplicationScoped
public class PodGateway {

    private final KubernetesClient client;
    private final String namespace;

    public PodGateway(KubernetesClient client, ShareManagerConfig config) {
        this.client = client;
        this.namespace = config.systemNamespace();
    }

    public Optional<Pod> shareManagerPod(String volume) {
        return Optional.ofNullable(client.pods().inNamespace(namespace).withName(Longhorn.shareManagerPodName(volume))
                .get());
    }

    public List<Pod> shareManagerPodsOn(String node) {
        return client.pods().inNamespace(namespace)
                .withLabel(Longhorn.COMPONENT_LABEL, Longhorn.COMPONENT_SHARE_MANAGER).list().getItems().stream()
                .filter(p -> node.equals(p.getSpec().getNodeName())).toList();
    }

    public Pod create(Pod desired) {
        try {
            return client.pods().inNamespace(namespace).resource(desired).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return client.pods().inNamespace(namespace).withName(desired.getMetadata().getName()).get();
            }
            throw e;
        }
    }

    /** Deletes exactly the incarnation {@code uid} (a newer pod of the same name is left alone). */
    public Outcome delete(String volume, String uid, long gracePeriodSeconds) {
        Pod current = shareManagerPod(volume).orElse(null);
        if (current == null || !uid.equals(current.getMetadata().getUid())) {
            return Outcome.NOOP;
        }
        client.pods().inNamespace(namespace).withName(current.getMetadata().getName())
                .withGracePeriod(gracePeriodSeconds).delete();
        return Outcome.DELETED;
    }

    /** Non-terminated pods of {@code namespace} that mount {@code claim}. */
    public List<Pod> workloadsMounting(String podNamespace, String claim) {
        return client.pods().inNamespace(podNamespace).list().getItems().stream()
                .filter(p -> p.getSpec() != null && p.getSpec().getVolumes() != null && p.getSpec().getVolumes()
                        .stream().anyMatch(v -> v.getPersistentVolumeClaim() != null
                                && claim.equals(v.getPersistentVolumeClaim().getClaimName())))
                .filter(p -> p.getStatus() == null || !("Succeeded".equals(p.getStatus().getPhase())
                        || "Failed".equals(p.getStatus().getPhase())))
                .filter(p -> p.getMetadata().getDeletionTimestamp() == null)
                .toList();
    }
}
