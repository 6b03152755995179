package io.rwx.failover.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rwx.failover.config.FailoverConfig;
import io.rwx.kit.kubernetes.ClusterCache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;


/** failover-service's read view of the cluster (see {@link ClusterCache} for its freshness rule). */
@ApplicationScoped
public class ClusterCacheProducer {

    @Produces
    @ApplicationScoped
    ClusterCache cache(KubernetesClient client, FailoverConfig config) {
        return ClusterCache.ofVolumeKinds(client, config.systemNamespace(), ClusterCache.Kind.SETTING);
    }

    /** The share-manager pods seen per volume (fed from the cache's notifications). */
    @Produces
    @ApplicationScoped
    io.rwx.failover.model.SeenPods seenPods() {
        return new io.rwx.failover.model.SeenPods();
    }

    void close(@Disposes ClusterCache cache) {
        cache.close();
    }
}
