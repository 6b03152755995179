package io.rwx.sharemanager.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rwx.crds.AccessMode;
import io.rwx.crds.Volume;
import io.rwx.sharemanager.config.ShareManagerConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Volumes. This service writes {@code spec.accessMode}, {@code spec.nodeID} (the attachment it asks for) and
 * {@code status.shareState}/{@code status.shareEndpoint}; every write carries the resourceVersion it read.
 */
@ApplicationScoped
public class VolumeGateway {

    private final KubernetesClient client;
    private final String namespace;

    public VolumeGateway(KubernetesClient client, ShareManagerConfig config) {
        this.client = client;
        this.namespace = config.systemNamespace();
    }

    public Optional<Volume> get(String name) {
        return Optional.ofNullable(client.resources(Volume.class).inNamespace(namespace).withName(name).get());
    }

    public List<Volume> list() {
        return client.resources(Volume.class).inNamespace(namespace).list().getItems();
    }

    public Volume create(Volume volume) {
        return client.resources(Volume.class).inNamespace(namespace).resource(volume).create();
    }

    public Volume setAccessMode(Volume volume, AccessMode mode) {
        volume.getSpec().setAccessMode(mode);
        return client.resources(Volume.class).inNamespace(namespace).resource(volume).update();
    }

    /** Asks the storage layer to attach the volume to {@code node} (null: detach). */
    public Volume setNodeID(Volume volume, String node) {
        if (Objects.equals(volume.getSpec().getNodeID(), node)) {
            return volume;
        }
        volume.getSpec().setNodeID(node);
        return client.resources(Volume.class).inNamespace(namespace).resource(volume).update();
    }

    /** Writes the share status once, only if it changed. */
    public Volume setShareStatus(Volume volume, String shareState, String shareEndpoint) {
        if (Objects.equals(volume.getStatus().getShareState(), shareState)
                && Objects.equals(volume.getStatus().getShareEndpoint(), shareEndpoint)) {
            return volume;
        }
        volume.getStatus().setShareState(shareState);
        volume.getStatus().setShareEndpoint(shareEndpoint);
        return client.resources(Volume.class).inNamespace(namespace).resource(volume).updateStatus();
    }
}
