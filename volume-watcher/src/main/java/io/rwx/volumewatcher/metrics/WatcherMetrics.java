package io.rwx.volumewatcher.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every meter of volume-watcher: {@code rwx_volumewatcher_events_published_total{type}},
 * {@code rwx_volumewatcher_publish_failures_total}, {@code rwx_volumewatcher_informer_lag_seconds} (from the
 * Kubernetes change to the publish), {@code rwx_volumewatcher_watched_objects{kind}},
 * {@code rwx_volumewatcher_leader}.
 */
public class WatcherMetrics {

    private final MeterRegistry registry;
    private final AtomicInteger leader = new AtomicInteger();
    private final Map<String, AtomicInteger> watched = new ConcurrentHashMap<>();

    public WatcherMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("rwx.volumewatcher.leader", leader, AtomicInteger::get)
                .description("1 while this replica is the publishing leader").register(registry);
    }

    public void published(String type, Duration lag) {
        Counter.builder("rwx.volumewatcher.events.published").description("Events published by type")
                .tag("type", type).register(registry).increment();
        Timer.builder("rwx.volumewatcher.informer.lag").description("From the Kubernetes change to its publish")
                .publishPercentileHistogram().register(registry).record(lag.isNegative() ? Duration.ZERO : lag);
    }

    public void publishFailed() {
        Counter.builder("rwx.volumewatcher.publish.failures").description("Events that could not be published")
                .register(registry).increment();
    }

    public void leader(boolean isLeader) {
        leader.set(isLeader ? 1 : 0);
    }

    public void watched(String kind, int count) {
        watched.computeIfAbsent(kind, k -> {
            AtomicInteger a = new AtomicInteger();
            Gauge.builder("rwx.volumewatcher.watched.objects", a, AtomicInteger::get)
                    .description("Objects in the informer caches").tag("kind", k).register(registry);
            return a;
        }).set(count);
    }
}
