package io.rwx.volumewatcher.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rwx.kit.health.KubernetesApiHealth;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the Kubernetes API answers (Kafka readiness comes from the messaging extension). */
@Readiness
@ApplicationScoped
public class KubernetesApiReadiness implements HealthCheck {

    private final KubernetesClient client;

    public KubernetesApiReadiness(KubernetesClient client) {
        this.client = client;
    }

    @Override
    public HealthCheckResponse call() {
        return KubernetesApiHealth.check(client);
    }
}
