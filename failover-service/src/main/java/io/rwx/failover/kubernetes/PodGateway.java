package io.rwx.failover.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rwx.crds.Longhorn;
import io.rwx.failover.config.FailoverConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Optional;

/** Reads share-manager and workload pods; deletes workload pods (never share-manager pods). */
@ApplicationScoped
public class PodGateway {

    private final KubernetesClient client;
    private final String systemNamespace;

    public PodGateway(KubernetesClient client, FailoverConfig config) {
        this.client = client;
        this.systemNamespace = config.systemNamespace();
    }

    public Optional<Pod> shareManagerPod(String volume) {
        return Optional.ofNullable(client.pods().inNamespace(systemNamespace)
                .withName(Longhorn.shareManagerPodName(volume)).get());
    }

    public List<Pod> shareManagerPodsOn(String node) {
        return client.pods().inNamespace(systemNamespace)
                .withLabel(Longhorn.COMPONENT_LABEL, Longhorn.COMPONENT_SHARE_MANAGER).list().getItems().stream()
                .filter(p -> node.equals(p.getSpec().getNodeName()))
                .toList();
    }

    public Optional<Pod> get(String namespace, String name) {
        return Optional.ofNullable(client.pods().inNamespace(namespace).withName(name).get());
    }

    /** Pods of {@code namespace} that mount {@code claim} in a volume. */
    public List<Pod> podsMounting(String namespace, String claim) {
        return client.pods().inNamespace(namespace).list().getItems().stream()
                .filter(p -> p.getSpec() != null && p.getSpec().getVolumes() != null && p.getSpec().getVolumes()
                        .stream().anyMatch(v -> v.getPersistentVolumeClaim() != null
                                && claim.equals(v.getPersistentVolumeClaim().getClaimName())))
                .toList();
    }

    /**
     * Deletes the pod incarnation {@code uid} with the grace period. Re-reads first: a pod recreated under the
     * same name (StatefulSet) has another UID and is left alone.
     *
     * @return true if this call deleted it
     */
    public boolean delete(String namespace, String name, String uid, long gracePeriodSeconds) {
        Pod current = client.pods().inNamespace(namespace).withName(name).get();
        if (current == null || !uid.equals(current.getMetadata().getUid())
                || current.getMetadata().getDeletionTimestamp() != null) {
            return false;
        }
        // the returned details are not reliable across API servers: no exception means the delete was accepted
        client.pods().inNamespace(namespace).withName(name).withGracePeriod(gracePeriodSeconds).delete();
        return true;
    }
}
