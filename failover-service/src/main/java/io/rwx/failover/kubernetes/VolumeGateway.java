package io.rwx.failover.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rwx.crds.Volume;
import io.rwx.failover.model.Episode;
import io.rwx.kit.kubernetes.Annotations;
import io.rwx.kit.kubernetes.MergePatch;
import io.rwx.kit.kubernetes.Patching;
import io.rwx.kit.kubernetes.ReconcileResult;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The only place failover-service writes Volumes. It writes exactly two things, each as a merge patch: the episode
 * annotation (its durable record; conditional on the resourceVersion the decision was based on, so two writers can
 * never both open or advance an episode) and {@code status.remountRequestedAt}.
 */
@ApplicationScoped
public class VolumeGateway {

    /** The owned fields to write: null leaves a field as it is. */
    public record Owned(Episode episode, Instant remountRequestedAt, String basedOnResourceVersion) {

        public static Owned episode(Episode episode, Volume basis) {
            return new Owned(episode, null, basis.getMetadata().getResourceVersion());
        }

        public static Owned stamp(Instant at) {
            return new Owned(null, at, null);
        }
    }

    private final KubernetesClient client;

    public VolumeGateway(KubernetesClient client) {
        this.client = client;
    }

    /** The volume as the API server has it now (freshness rule: read before a write). */
    public Optional<Volume> fresh(String namespace, String name) {
        return Optional.ofNullable(client.resources(Volume.class).inNamespace(namespace).withName(name).get());
    }

    /** Writes the owned fields {@code desired} sets onto {@code basis} (the volume as last read or written). */
    public ReconcileResult<Volume> reconcile(Volume basis, Owned desired) {
        String ns = basis.getMetadata().getNamespace();
        Volume now = basis;
        if (desired.episode() != null) {
            now = writeEpisode(basis, desired.episode(), desired.basedOnResourceVersion());
        }
        if (desired.remountRequestedAt() != null && !desired.remountRequestedAt().equals(remountRequestedAt(now))) {
            now = Patching.patchStatus(client.resources(Volume.class).inNamespace(ns).resource(now),
                    MergePatch.create().set("status.remountRequestedAt", desired.remountRequestedAt().toString()));
        }
        return now == basis ? ReconcileResult.noop(now) : new ReconcileResult.Patched<>(now);
    }

    /**
     * A compare-and-swap on the episode annotation: the patch is conditional on the resourceVersion the decision
     * was based on; when it is refused because something else of the volume changed (share-manager-controller
     * writes its share status, the storage layer its attachment), the volume is re-read and, if the episode is
     * still the one the decision saw, the write is retried on the new version. Only a change of the episode itself
     * (another writer) is a conflict for the caller.
     */
    private Volume writeEpisode(Volume basis, Episode episode, String basedOn) {
        String ns = basis.getMetadata().getNamespace();
        String seen = Annotations.get(basis, Episode.ANNOTATION).orElse(null);
        Volume target = basis;
        String resourceVersion = basedOn;
        for (int attempt = 1; ; attempt++) {
            try {
                return Patching.patch(client.resources(Volume.class).inNamespace(ns).resource(target), MergePatch.create()
                        .annotation(Episode.ANNOTATION, Annotations.write(episode)).expectResourceVersion(resourceVersion));
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= 5) {
                    throw e;
                }
                Volume fresh = fresh(ns, basis.getMetadata().getName()).orElseThrow(() -> e);
                if (!java.util.Objects.equals(seen, Annotations.get(fresh, Episode.ANNOTATION).orElse(null))) {
                    throw e; // the episode itself moved: decide again
                }
                target = fresh;
                resourceVersion = fresh.getMetadata().getResourceVersion();
            }
        }
    }

    /** The episode recorded on the volume, or null (an unreadable record counts as none and is logged). */
    public static Episode episodeOf(Volume volume) {
        return Annotations.read(volume, Episode.ANNOTATION, Episode.class).orElse(null);
    }

    public static Instant remountRequestedAt(Volume volume) {
        String raw = volume.getStatus() == null ? null : volume.getStatus().getRemountRequestedAt();
        if (raw == null || raw.isBlank()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(raw).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
