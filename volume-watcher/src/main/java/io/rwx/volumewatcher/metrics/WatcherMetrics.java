package io.rwx.volumewatcher.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.rwx.events.EventType;
import io.rwx.kit.metrics.GaugeStates;
import io.rwx.kit.metrics.Meters;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every meter of volume-watcher: {@code rwx_volumewatcher_events_published_total{type}},
 * {@code rwx_volumewatcher_publish_failures_total}, {@code rwx_volumewatcher_informer_lag_seconds} (from the
 * Kubernetes change to the publish), {@code rwx_volumewatcher_watched_objects{kind}},
 * {@code rwx_volumewatcher_leader}.
 */
public class WatcherMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger leader;

    public WatcherMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.leader = GaugeStates.of(registry, "rwx.volumewatcher.leader");
        // strong references: Micrometer holds gauge state weakly, and a registry that outlives this object
        // (the global composite, e.g. across Quarkus test restarts) would otherwise report NaN
        Gauge.builder("rwx.volumewatcher.leader", leader, AtomicInteger::get).strongReference(true)
                .description("1 while this replica is the publishing leader").register(registry);
        // every series exists at 0 from start-up: alerts on increase() see the first occurrence after a restart
        for (EventType type : PUBLISHED) {
            published(type.type());
        }
        lag();
        publishFailures();
    }

    /** What volume-watcher publishes. */
    static final List<EventType> PUBLISHED = List.of(EventType.VOLUME_OBSERVED, EventType.VOLUME_DELETED,
            EventType.SHARE_MANAGER_STARTED, EventType.SHARE_MANAGER_READY, EventType.SHARE_MANAGER_FAILED,
            EventType.SHARE_MANAGER_STOPPED, EventType.NODE_FAILED, EventType.NODE_RECOVERED,
            EventType.NODE_NFS_CLIENT_MISSING);

    private Counter published(String type) {
        return Counter.builder("rwx.volumewatcher.events.published").description("Events published by type")
                .tag("type", type).register(registry);
    }

    private Timer lag() {
        return Meters.timer("rwx.volumewatcher.informer.lag", "From the Kubernetes change to its publish",
                Meters.LATENCY_BUCKETS).register(registry);
    }

    private Counter publishFailures() {
        return Counter.builder("rwx.volumewatcher.publish.failures").description("Events that could not be published")
                .register(registry);
    }

    public void published(String type, Duration lag) {
        published(type).increment();
        lag().record(lag.isNegative() ? Duration.ZERO : lag);
    }

    public void publishFailed() {
        publishFailures().increment();
    }

    public void leader(boolean isLeader) {
        leader.set(isLeader ? 1 : 0);
    }

    public void watched(String kind, int count) {
        AtomicInteger state = GaugeStates.of(registry, "rwx.volumewatcher.watched.objects/" + kind);
        state.set(count);
        Gauge.builder("rwx.volumewatcher.watched.objects", state, AtomicInteger::get).strongReference(true)
                .description("Objects in the informer caches").tag("kind", kind).register(registry);
    }

}
