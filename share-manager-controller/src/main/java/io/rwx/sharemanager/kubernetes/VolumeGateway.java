package io.rwx.sharemanager.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rwx.crds.AccessMode;
import io.rwx.crds.Volume;
import io.rwx.kit.kubernetes.ClusterCache;
import io.rwx.kit.kubernetes.MergePatch;
import io.rwx.kit.kubernetes.Patching;
import io.rwx.kit.kubernetes.ReconcileResult;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Objects;
import java.util.Optional;

/**
 * Volumes: this service's fields only, as merge patches, so every field of a Longhorn volume that this project
 * does not model stays as it is. It owns {@code spec.accessMode}, {@code spec.nodeID} (the attachment it asks
 * for), {@code status.shareState} and {@code status.shareEndpoint}. A Volume is created here only by the volume
 * API (a manually created volume).
 */
@ApplicationScoped
public class VolumeGateway {

    /**
     * The owned fields a pass wants; null leaves a field as it is. {@code nodeID ""} asks for a detach.
     * {@code basedOnResourceVersion} makes the spec patch conditional (409 if the volume changed since it was
     * read): access-mode changes depend on what the volume was, so they carry it.
     */
    public record Fields(AccessMode accessMode, String nodeID, Share share, String basedOnResourceVersion) {

        public static Fields share(String nodeID, String shareState, String shareEndpoint) {
            return new Fields(null, nodeID, new Share(shareState, shareEndpoint), null);
        }

        public static Fields accessMode(AccessMode mode, String basedOnResourceVersion) {
            return new Fields(mode, null, null, basedOnResourceVersion);
        }
    }

    /** {@code status.shareState} and {@code status.shareEndpoint}, always written together. */
    public record Share(String state, String endpoint) {
    }

    private final KubernetesClient client;
    private final ClusterCache cache;

    public VolumeGateway(KubernetesClient client, ClusterCache cache) {
        this.client = client;
        this.cache = cache;
    }

    /** Brings the owned fields of existing volume {@code name} to {@code desired}; sends only what differs. */
    public ReconcileResult<Volume> reconcile(String namespace, String name, Fields desired) {
        Volume current = cache.volume(name).orElse(null);
        if (current == null) {
            return ReconcileResult.noop(null);
        }
        Volume now = current;
        MergePatch spec = MergePatch.create();
        if (desired.accessMode() != null && desired.accessMode() != current.getSpec().getAccessMode()) {
            spec.set("spec.accessMode", desired.accessMode().value());
        }
        if (desired.nodeID() != null && !desired.nodeID().equals(Objects.requireNonNullElse(current.getSpec().getNodeID(), ""))) {
            spec.set("spec.nodeID", desired.nodeID());
        }
        if (!spec.isEmpty()) {
            now = Patching.patch(client.resources(Volume.class).inNamespace(namespace).resource(now),
                    spec.expectResourceVersion(desired.basedOnResourceVersion()));
        }
        Share share = desired.share();
        if (share != null && (!Objects.equals(share.state(), current.getStatus().getShareState())
                || !Objects.equals(share.endpoint(), current.getStatus().getShareEndpoint()))) {
            now = Patching.patchStatus(client.resources(Volume.class).inNamespace(namespace).resource(now),
                    MergePatch.create().set("status.shareState", share.state())
                            .set("status.shareEndpoint", share.endpoint()));
        }
        return now == current ? ReconcileResult.noop(now) : new ReconcileResult.Patched<>(now);
    }

    /**
     * The volume as the API server has it now, or empty when it does not exist: asked before anything destructive
     * is decided from the cache's absence of a volume (the Volume and ShareManager informers are not ordered, so a
     * ShareManager may be cached before its Volume).
     */
    public Optional<Volume> fresh(String namespace, String name) {
        return Optional.ofNullable(client.resources(Volume.class).inNamespace(namespace).withName(name).get());
    }

    /** A manually created volume (restore, DR): the only Volume this service creates. */
    public Volume create(Volume volume) {
        return client.resources(Volume.class).inNamespace(volume.getMetadata().getNamespace()).resource(volume).create();
    }
}
