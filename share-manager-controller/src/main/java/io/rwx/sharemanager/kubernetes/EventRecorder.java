package io.rwx.sharemanager.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rwx.kit.kubernetes.KubernetesEvents;
import io.rwx.sharemanager.config.ShareManagerConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;

/** core/v1 Events of share-manager-controller. */
@ApplicationScoped
public class EventRecorder {

    private final KubernetesEvents events;
    private final String systemNamespace;

    public EventRecorder(KubernetesClient client, ShareManagerConfig config) {
        this.events = new KubernetesEvents(client, "rwx-share-manager-controller", Clock.systemUTC());
        this.systemNamespace = config.systemNamespace();
    }

    public void normal(HasMetadata on, String reason, String message, String dedupKey) {
        events.record(on, systemNamespace, KubernetesEvents.NORMAL, reason, message, dedupKey);
    }

    public void warning(HasMetadata on, String reason, String message, String dedupKey) {
        events.record(on, systemNamespace, KubernetesEvents.WARNING, reason, message, dedupKey);
    }
}
