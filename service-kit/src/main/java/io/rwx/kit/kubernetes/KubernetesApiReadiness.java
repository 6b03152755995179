package io.rwx.kit.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Every service's Kubernetes readiness: ready while the API server answers and, where the service has an informer
 * cache, once it has listed every kind (Kafka readiness comes from the messaging extension).
 */
@Readiness
@ApplicationScoped
public class KubernetesApiReadiness implements HealthCheck {

    private final KubernetesClient client;
    private final Instance<ClusterCache> cache;

    public KubernetesApiReadiness(KubernetesClient client, Instance<ClusterCache> cache) {
        this.client = client;
        this.cache = cache;
    }

    @Override
    public HealthCheckResponse call() {
        return cache.isResolvable() ? KubernetesApiHealth.check(client, cache.get()) : KubernetesApiHealth.check(client);
    }
}
