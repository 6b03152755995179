package io.rwx.sharemanager.kubernetes;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rwx.kit.kubernetes.ClusterCache;
import io.rwx.kit.kubernetes.ReconcileResult;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The endpoint Service {@code <volume>}. Created once and never touched again while the volume is RWX (its
 * ClusterIP is the volume's NFS address for life), deleted only with the volume or its RWX mode.
 */
@ApplicationScoped
public class ServiceGateway {

    private final KubernetesClient client;
    private final ClusterCache cache;

    public ServiceGateway(KubernetesClient client, ClusterCache cache) {
        this.client = client;
        this.cache = cache;
    }

    /** {@code desired == null}: delete; else create if absent. */
    public ReconcileResult<Service> reconcile(String namespace, String name, Service desired) {
        Service current = cache.service(name).orElse(null);
        if (desired == null) {
            if (current == null) {
                return ReconcileResult.noop(null);
            }
            client.services().inNamespace(namespace).withName(name).delete();
            return new ReconcileResult.Deleted<>(current);
        }
        if (current != null) {
            return ReconcileResult.noop(current);
        }
        try {
            return new ReconcileResult.Created<>(client.services().inNamespace(namespace).resource(desired).create());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return ReconcileResult.noop(client.services().inNamespace(namespace).withName(name).get());
            }
            throw e;
        }
    }
}
