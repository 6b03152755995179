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
            now = Patching.patch(client.resources(Volume.class).inNamespace(ns).resource(now), MergePatch.create()
                    .annotation(Episode.ANNOTATION, Annotations.write(desired.episode()))
                    .expectResourceVersion(desired.basedOnResourceVersion()));
        }
        if (desired.remountRequestedAt() != null && !desired.remountRequestedAt().equals(remountRequestedAt(now))) {
            now = Patching.patchStatus(client.resources(Volume.class).inNamespace(ns).resource(now),
                    MergePatch.create().set("status.remountRequestedAt", desired.remountRequestedAt().toString()));
        }
        return now == basis ? ReconcileResult.noop(now) : new ReconcileResult.Patched<>(now);
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
