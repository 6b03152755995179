package io.rwx.sharemanager.kubernetes;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rwx.sharemanager.config.ShareManagerConfig;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The endpoint Service {@code <volume>}. Created once and never touched again while the volume is RWX (its
 * ClusterIP is the volume's NFS address for life), deleted only with the volume or its RWX mode.
 */
@ApplicationScoped
public class ServiceGateway {

    private final KubernetesClient client;
    private final String namespace;

    public ServiceGateway(KubernetesClient client, ShareManagerConfig config) {
        this.client = client;
        this.namespace = config.systemNamespace();
    }

    public Service get(String name) {
        return client.services().inNamespace(namespace).withName(name).get();
    }

    /** {@code desired == null}: delete; else create if absent. Returns the live Service (or null). */
    public Service reconcile(String name, Service desired) {
        Service current = get(name);
        if (desired == null) {
            if (current != null) {
                client.services().inNamespace(namespace).withName(name).delete();
            }
            return null;
        }
        if (current != null) {
            return current;
        }
        try {
            return client.services().inNamespace(namespace).resource(desired).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return get(name);
            }
            throw e;
        }
    }
}
