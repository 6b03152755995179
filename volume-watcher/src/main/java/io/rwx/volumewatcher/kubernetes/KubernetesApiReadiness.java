package io.rwx.volumewatcher.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
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
        try {
            String version = client.getKubernetesVersion().getGitVersion();
            return HealthCheckResponse.named("kubernetes-api").up().withData("version", String.valueOf(version)).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("kubernetes-api").down().withData("error", String.valueOf(e.getMessage()))
                    .build();
        }
    }
}
