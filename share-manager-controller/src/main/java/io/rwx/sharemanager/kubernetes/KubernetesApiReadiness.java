package io.rwx.sharemanager.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rwx.kit.kubernetes.ClusterCache;
import io.rwx.kit.kubernetes.KubernetesApiHealth;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the Kubernetes API answers and the informer cache has synced (Kafka: the messaging extension). */
@Readiness
@ApplicationScoped
public class KubernetesApiReadiness implements HealthCheck {

    private final KubernetesClient client;
    private final ClusterCache cache;

    public KubernetesApiReadiness(KubernetesClient client, ClusterCache cache) {
        this.client = client;
        this.cache = cache;
    }

    @Override
    public HealthCheckResponse call() {
        return KubernetesApiHealth.check(client, cache);
    }
}
