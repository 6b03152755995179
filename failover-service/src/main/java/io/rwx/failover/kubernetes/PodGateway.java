package io.rwx.failover.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rwx.kit.kubernetes.ReconcileResult;
import jakarta.enterprise.context.ApplicationScoped;

/** Deletes workload pods (never share-manager pods: those are share-manager-controller's). */
@ApplicationScoped
public class PodGateway {

    /** What should become of a workload pod: incarnation {@code uid} goes, with this grace period. */
    public record Gone(String uid, long gracePeriodSeconds) {
    }

    private final KubernetesClient client;

    public PodGateway(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Deletes incarnation {@code desired.uid()} of the pod. Freshness rule: the pod is re-read first; a pod recreated
     * under the same name (StatefulSet) has another UID and is left alone, one already terminating is not deleted
     * again.
     */
    public ReconcileResult<Pod> reconcile(String namespace, String name, Gone desired) {
        Pod current = client.pods().inNamespace(namespace).withName(name).get();
        if (current == null || !desired.uid().equals(current.getMetadata().getUid())
                || current.getMetadata().getDeletionTimestamp() != null) {
            return ReconcileResult.noop(current);
        }
        // the returned details are not reliable across API servers: no exception means the delete was accepted
        client.pods().inNamespace(namespace).withName(name).withGracePeriod(desired.gracePeriodSeconds()).delete();
        return new ReconcileResult.Deleted<>(current);
    }
}
