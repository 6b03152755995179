package io.rwx.sharemanager.kubernetes;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rwx.kit.kubernetes.ClusterFacts;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/** PVs and PVCs: PV → claimRef is the only trusted way from a volume to its claim. */
@ApplicationScoped
public class ClaimGateway {

    private final KubernetesClient client;

    public ClaimGateway(KubernetesClient client) {
        this.client = client;
    }

    public Optional<PersistentVolume> persistentVolumeOf(String volume) {
        PersistentVolume byName = client.persistentVolumes().withName(volume).get();
        if (ClusterFacts.belongsTo(byName, volume)) {
            return Optional.of(byName);
        }
        return client.persistentVolumes().list().getItems().stream().filter(p -> ClusterFacts.belongsTo(p, volume)).findFirst();
    }

    public Optional<ObjectReference> claimRefOf(String volume) {
        return persistentVolumeOf(volume).map(pv -> pv.getSpec().getClaimRef());
    }

    public Optional<PersistentVolumeClaim> claimOf(String volume) {
        return claimRefOf(volume).map(ref -> client.persistentVolumeClaims().inNamespace(ref.getNamespace())
                .withName(ref.getName()).get());
    }

    public PersistentVolume create(PersistentVolume pv) {
        return client.persistentVolumes().resource(pv).create();
    }

    public PersistentVolumeClaim create(PersistentVolumeClaim pvc) {
        return client.persistentVolumeClaims().inNamespace(pvc.getMetadata().getNamespace()).resource(pvc).create();
    }

    public PersistentVolumeClaim getClaim(String namespace, String name) {
        return client.persistentVolumeClaims().inNamespace(namespace).withName(name).get();
    }

}
