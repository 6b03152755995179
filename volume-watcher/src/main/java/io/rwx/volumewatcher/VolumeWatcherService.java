package io.rwx.volumewatcher;

import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.rwx.volumewatcher.config.WatcherConfig;
import io.rwx.volumewatcher.kubernetes.WatcherCluster;
import io.rwx.volumewatcher.messaging.WatcherEventSink;
import io.rwx.volumewatcher.metrics.WatcherMetrics;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.time.Clock;
import java.util.UUID;

/** Wires and runs the watcher in the Quarkus application. */
@ApplicationScoped
public class VolumeWatcherService {

    private final WatcherConfig config;
    private final WatcherCluster cluster;
    private final WatcherEventSink sink;
    private final MeterRegistry registry;
    private volatile VolumeWatcher watcher;

    public VolumeWatcherService(WatcherConfig config, WatcherCluster cluster, WatcherEventSink sink,
            MeterRegistry registry) {
        this.config = config;
        this.cluster = cluster;
        this.sink = sink;
        this.registry = registry;
    }

    void onStart(@Observes StartupEvent startup) {
        watcher = create(config, cluster, sink, new WatcherMetrics(registry), identity(config));
        watcher.start();
    }

    void onStop(@Observes ShutdownEvent shutdown) {
        if (watcher != null) {
            watcher.close();
        }
    }

    public VolumeWatcher watcher() {
        return watcher;
    }

    /** A watcher with its own informers and elector (also used by tests to run a second replica). */
    public static VolumeWatcher create(WatcherConfig config, WatcherCluster cluster, WatcherEventSink sink,
            WatcherMetrics metrics, String identity) {
        return new VolumeWatcher(config, cluster.newCache(), cluster.newElection(identity), sink, metrics,
                Clock.systemUTC());
    }

    static String identity(WatcherConfig config) {
        return config.identity().orElseGet(() -> {
            String host = System.getenv("HOSTNAME");
            return host != null && !host.isBlank() ? host : "volume-watcher-" + UUID.randomUUID().toString().substring(0, 8);
        });
    }
}
