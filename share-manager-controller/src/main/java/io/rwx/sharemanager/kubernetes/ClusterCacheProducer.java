package io.rwx.sharemanager.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rwx.kit.kubernetes.ClusterCache;
import io.rwx.sharemanager.config.ShareManagerConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;


/** The controller's read view of the cluster (see {@link ClusterCache} for its freshness rule). */
@ApplicationScoped
public class ClusterCacheProducer {

    @Produces
    @ApplicationScoped
    ClusterCache cache(KubernetesClient client, ShareManagerConfig config) {
        return ClusterCache.ofVolumeKinds(client, config.systemNamespace(), ClusterCache.Kind.SERVICE);
    }

    void close(@Disposes ClusterCache cache) {
        cache.close();
    }
}
