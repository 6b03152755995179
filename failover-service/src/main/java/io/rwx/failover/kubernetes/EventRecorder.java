package io.rwx.failover.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rwx.failover.config.FailoverConfig;
import io.rwx.kit.kubernetes.KubernetesEvents;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;

/** core/v1 Events of failover-service (component {@value #COMPONENT}), de-duplicated per episode. */
@ApplicationScoped
public class EventRecorder {

    public static final String COMPONENT = "rwx-failover-service";

    private final KubernetesEvents events;
    private final String systemNamespace;

    public EventRecorder(KubernetesClient client, FailoverConfig config) {
        this.events = new KubernetesEvents(client, COMPONENT, Clock.systemUTC());
        this.systemNamespace = config.systemNamespace();
    }

    public void normal(HasMetadata on, String reason, String message, String episode) {
        events.record(on, systemNamespace, KubernetesEvents.NORMAL, reason, message, episode);
    }

    public void warning(HasMetadata on, String reason, String message, String episode) {
        events.record(on, systemNamespace, KubernetesEvents.WARNING, reason, message, episode);
    }
}
