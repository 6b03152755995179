package io.rwx.kit.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import org.eclipse.microprofile.health.HealthCheckResponse;

/** The readiness every service reports for the Kubernetes API: up while {@code /version} answers. */
public final class KubernetesApiHealth {

    private KubernetesApiHealth() {
    }

    /** Up while {@code /version} answers and the cache has listed every kind once. */
    public static HealthCheckResponse check(KubernetesClient client, ClusterCache cache) {
        HealthCheckResponse api = check(client);
        if (api.getStatus() == HealthCheckResponse.Status.DOWN || cache.synced()) {
            return api;
        }
        return HealthCheckResponse.named("kubernetes-api").down().withData("cache", "informers not synced yet").build();
    }

    public static HealthCheckResponse check(KubernetesClient client) {
        try {
            String version = client.getKubernetesVersion().getGitVersion();
            return HealthCheckResponse.named("kubernetes-api").up().withData("version", String.valueOf(version)).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named("kubernetes-api").down().withData("error", String.valueOf(e.getMessage()))
                    .build();
        }
    }
}
