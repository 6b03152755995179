package io.rwx.migration.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rwx.kit.kubernetes.KubernetesEvents;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;

/** core/v1 Events of migration-service, on the target PVC of a migration. */
@ApplicationScoped
public class EventRecorder {

    private final KubernetesEvents events;

    public EventRecorder(KubernetesClient client) {
        this.events = new KubernetesEvents(client, "rwx-migration-service", Clock.systemUTC());
    }

    public void normal(HasMetadata on, String reason, String message, String migrationId) {
        events.record(on, on.getMetadata().getNamespace(), KubernetesEvents.NORMAL, reason, message, migrationId);
    }

    public void warning(HasMetadata on, String reason, String message, String migrationId) {
        events.record(on, on.getMetadata().getNamespace(), KubernetesEvents.WARNING, reason, message, migrationId);
    }
}
