package io.rwx.failover.kubernetes;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rwx.kit.kubernetes.ClusterFacts;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/** PV → PVC of a volume: the only trusted way to know which claim (and so which pods) use it. */
@ApplicationScoped
public class ClaimGateway {

    private final KubernetesClient client;

    public ClaimGateway(KubernetesClient client) {
        this.client = client;
    }

    /** The claimRef of the volume's PV (driver.longhorn.io, volumeHandle = volume), if bound. */
    public Optional<ObjectReference> claimOf(String volume) {
        PersistentVolume byName = client.persistentVolumes().withName(volume).get();
        PersistentVolume pv = ClusterFacts.belongsTo(byName, volume) ? byName : client.persistentVolumes().list().getItems()
                .stream().filter(p -> ClusterFacts.belongsTo(p, volume)).findFirst().orElse(null);
        if (pv == null || pv.getSpec().getClaimRef() == null) {
            return Optional.empty();
        }
        return Optional.of(pv.getSpec().getClaimRef());
    }

    public Optional<PersistentVolumeClaim> claim(String namespace, String name) {
        return Optional.ofNullable(client.persistentVolumeClaims().inNamespace(namespace).withName(name).get());
    }

}
