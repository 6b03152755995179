package io.rwx.kit.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rwx.testing.Fixtures;
import io.rwx.testing.kubernetes.ApiServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.EnumSet;

import static org.assertj.core.api.Assertions.assertThat;

class ClusterCacheTest {

    /**
     * An API server that fails the first lists (as one too busy to answer within the client's timeout while a service
     * starts) only delays the cache: it lists again and syncs. A fabric8 informer left to its default stops after a
     * failed first list, and the service it feeds never becomes ready.
     */
    @Test
    void anInformerWhoseFirstListsFailListsAgainAndSyncs() {
        try (ApiServer server = ApiServer.start()) {
            KubernetesClient client = server.client();
            client.resource(Fixtures.shareManagerPod("vol-1", "node-1")).create();
            server.faults().fail(r -> "GET".equals(r.method()) && r.path().equals("/api/v1/pods")
                    && (r.query() == null || !r.query().contains("watch=true")), 500, 2);
            try (ClusterCache cache = new ClusterCache(client, "longhorn-system", EnumSet.of(ClusterCache.Kind.POD))) {
                cache.start(null);
                assertThat(cache.awaitSynced(Duration.ofSeconds(30))).as("synced after the failed lists").isTrue();
                assertThat(server.faults().injected()).isEqualTo(2);
                assertThat(cache.shareManagerPod("vol-1")).isPresent();
            }
        }
    }
}
