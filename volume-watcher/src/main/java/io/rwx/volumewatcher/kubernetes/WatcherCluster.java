package io.rwx.volumewatcher.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.rwx.kit.kubernetes.ClusterCache;
import io.rwx.volumewatcher.config.WatcherConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumSet;
import java.util.Set;

/** What a watcher replica needs of the cluster: its own informer cache and leader elector. */
@ApplicationScoped
public class WatcherCluster {

    /** The kinds the sensor watches: everything a snapshot or a signal is made of, and core Events (FailedMount). */
    static final Set<ClusterCache.Kind> WATCHED = EnumSet.of(ClusterCache.Kind.VOLUME, ClusterCache.Kind.SHARE_MANAGER,
            ClusterCache.Kind.PERSISTENT_VOLUME, ClusterCache.Kind.PERSISTENT_VOLUME_CLAIM, ClusterCache.Kind.POD,
            ClusterCache.Kind.NODE, ClusterCache.Kind.EVENT);

    private final KubernetesClient client;
    private final WatcherConfig config;

    public WatcherCluster(KubernetesClient client, WatcherConfig config) {
        this.client = client;
        this.config = config;
    }

    public ClusterCache newCache() {
        return new ClusterCache(client, config.systemNamespace(), WATCHED);
    }

    public LeaderElection newElection(String identity) {
        return new LeaderElection(client, config.systemNamespace(), config.leaseName(), identity, config.leaseDuration(),
                config.renewDeadline(), config.retryPeriod());
    }
}
