package io.rwx.failover.kubernetes;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rwx.crds.Volume;
import io.rwx.failover.config.FailoverConfig;
import io.rwx.failover.model.Episode;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The only place failover-service reads and writes Volumes. It writes exactly two things: the episode annotation
 * (its own bookkeeping) and {@code status.remountRequestedAt}; both with the resourceVersion the caller read,
 * so a concurrent change is a 409 that the caller answers by re-reading.
 */
@ApplicationScoped
public class VolumeGateway {

    private static final ObjectMapper JSON = io.rwx.events.CloudEventCodec.defaultMapper();

    private final KubernetesClient client;
    private final String namespace;

    public VolumeGateway(KubernetesClient client, FailoverConfig config) {
        this.client = client;
        this.namespace = config.systemNamespace();
    }

    public Optional<Volume> get(String name) {
        return Optional.ofNullable(client.resources(Volume.class).inNamespace(namespace).withName(name).get());
    }

    public List<Volume> list() {
        return client.resources(Volume.class).inNamespace(namespace).list().getItems();
    }

    /** The episode recorded on the volume, or null. An unreadable annotation counts as none (and is logged). */
    public static Episode episodeOf(Volume volume) {
        Map<String, String> annotations = volume.getMetadata().getAnnotations();
        String raw = annotations == null ? null : annotations.get(Episode.ANNOTATION);
        if (raw == null) {
            return null;
        }
        try {
            return JSON.readValue(raw, Episode.class);
        } catch (JsonProcessingException e) {
            org.jboss.logging.Logger.getLogger(VolumeGateway.class)
                    .warnf("volume %s: ignoring unreadable %s annotation: %s", volume.getMetadata().getName(),
                            Episode.ANNOTATION, e.getOriginalMessage());
            return null;
        }
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

    /**
     * Records the episode: a compare-and-swap on the annotation. It fails with 409 if the episode recorded now is
     * not the one {@code basis} showed (another replica moved it); changes to other fields (status written by
     * others) do not matter. The update itself carries the resourceVersion just read.
     */
    public Volume writeEpisode(Volume basis, Episode episode) {
        Volume copy = client.resources(Volume.class).inNamespace(namespace).withName(basis.getMetadata().getName())
                .get();
        if (copy == null) {
            throw new io.fabric8.kubernetes.client.KubernetesClientException("volume gone", 404, null);
        }
        if (!java.util.Objects.equals(episodeOf(copy), episodeOf(basis))) {
            throw new io.fabric8.kubernetes.client.KubernetesClientException("episode changed meanwhile", 409, null);
        }
        Map<String, String> annotations = new HashMap<>(
                copy.getMetadata().getAnnotations() == null ? Map.of() : copy.getMetadata().getAnnotations());
        try {
            annotations.put(Episode.ANNOTATION, JSON.writeValueAsString(episode));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        copy.getMetadata().setAnnotations(annotations);
        return client.resources(Volume.class).inNamespace(namespace).resource(copy).update();
    }

    /**
     * Writes {@code status.remountRequestedAt} (RFC 3339 UTC) through the status subresource, on a fresh read
     * (the value does not depend on the rest of the status); a concurrent write is a 409 and a retry.
     */
    public Volume stamp(Volume volume, Instant remountRequestedAt) {
        Volume fresh = get(volume.getMetadata().getName()).orElseThrow(() ->
                new io.fabric8.kubernetes.client.KubernetesClientException("volume gone", 404, null));
        fresh.getStatus().setRemountRequestedAt(remountRequestedAt.toString());
        return client.resources(Volume.class).inNamespace(namespace).resource(fresh).updateStatus();
    }
}
