package io.rwx.sharemanager.kubernetes;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rwx.kit.kubernetes.ReconcileResult;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The PV and PVC the volume API creates for a manually created volume. Creation only: an existing object of the
 * name is reported, never changed (its owner is the user).
 */
@ApplicationScoped
public class ClaimGateway {

    private final KubernetesClient client;

    public ClaimGateway(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Creates the PV unless one of the name exists (then Noop with the existing one); {@code desired == null}
     * deletes it (a PV this service created moments ago whose PVC could not be created: no orphan is left).
     */
    public ReconcileResult<PersistentVolume> reconcile(String name, PersistentVolume desired) {
        if (desired == null) {
            client.persistentVolumes().withName(name).delete();
            return new ReconcileResult.Deleted<>(null);
        }
        try {
            return new ReconcileResult.Created<>(client.persistentVolumes().resource(desired).create());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return ReconcileResult.noop(client.persistentVolumes().withName(name).get());
            }
            throw e;
        }
    }

    /** Creates the PVC unless one of the name exists (then Noop with the existing one). */
    public ReconcileResult<PersistentVolumeClaim> reconcile(String namespace, String name, PersistentVolumeClaim desired) {
        try {
            return new ReconcileResult.Created<>(client.persistentVolumeClaims().inNamespace(namespace).resource(desired)
                    .create());
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return ReconcileResult.noop(client.persistentVolumeClaims().inNamespace(namespace).withName(name).get());
            }
            throw e;
        }
    }
}
