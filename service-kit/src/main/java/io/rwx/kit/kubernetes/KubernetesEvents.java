package io.rwx.kit.kubernetes;

import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

/**
 * Records core/v1 Events on the objects a service acts on (what {@code kubectl describe} shows). The Event name
 * is derived from the object, the reason and a de-duplication key, so the same warning about the same thing is
 * one Event whose count grows, not a flood.
 */
public final class KubernetesEvents {

    public static final String NORMAL = "Normal";
    public static final String WARNING = "Warning";

    private final KubernetesClient client;
    private final String component;
    private final Clock clock;

    public KubernetesEvents(KubernetesClient client, String component, Clock clock) {
        this.client = client;
        this.component = component;
        this.clock = clock;
    }

    /**
     * Records an Event on {@code involved} (in its namespace; cluster-scoped objects such as Nodes get it in
     * {@code fallbackNamespace}).
     *
     * @param dedupKey events with the same object, reason and key are one Event (count incremented)
     */
    public void record(HasMetadata involved, String fallbackNamespace, String type, String reason, String message,
            String dedupKey) {
        String namespace = involved.getMetadata().getNamespace() != null
                ? involved.getMetadata().getNamespace() : fallbackNamespace;
        String name = involved.getMetadata().getName() + "." + UUID.nameUUIDFromBytes(
                (involved.getKind() + "/" + involved.getMetadata().getName() + "/" + reason + "/" + dedupKey)
                        .getBytes(StandardCharsets.UTF_8)).toString().substring(0, 13);
        String now = Instant.now(clock).toString();
        var event = new EventBuilder()
                .withNewMetadata().withName(name).withNamespace(namespace).endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder()
                        .withApiVersion(involved.getApiVersion()).withKind(involved.getKind())
                        .withName(involved.getMetadata().getName())
                        .withNamespace(involved.getMetadata().getNamespace())
                        .withUid(involved.getMetadata().getUid()).build())
                .withType(type).withReason(reason).withMessage(message)
                .withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .withNewSource().withComponent(component).endSource()
                .withReportingComponent(component)
                .build();
        try {
            client.v1().events().inNamespace(namespace).resource(event).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            // recorded before (or by another replica just now): count it again
            var existing = client.v1().events().inNamespace(namespace).withName(name).get();
            if (existing != null) {
                int count = existing.getCount() == null ? 2 : existing.getCount() + 1;
                client.v1().events().inNamespace(namespace).resource(existing).patch(
                        io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                                io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                        MergePatch.create().set("count", count).set("lastTimestamp", now).set("message", message)
                                .json());
            }
        }
    }
}
