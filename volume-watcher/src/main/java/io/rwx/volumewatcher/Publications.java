package io.rwx.volumewatcher;

import io.rwx.events.CloudEvent;
import io.rwx.events.EventData;
import io.rwx.events.EventIds;
import io.rwx.events.EventType;
import io.rwx.volumewatcher.config.WatcherConfig;
import io.rwx.volumewatcher.messaging.WatcherEventSink;
import io.rwx.volumewatcher.metrics.WatcherMetrics;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;

/** The watcher's way out: only the leader publishes; derived events once per deterministic id. */
final class Publications {

    private static final Logger LOG = Logger.getLogger(Publications.class);

    private final WatcherConfig config;
    private final WatcherEventSink sink;
    private final WatcherMetrics metrics;
    private final Clock clock;
    private final BooleanSupplier leader;
    private final Set<String> publishedIds = Collections.newSetFromMap(new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 50_000;
        }
    });

    Publications(WatcherConfig config, WatcherEventSink sink, WatcherMetrics metrics, Clock clock,
            BooleanSupplier leader) {
        this.config = config;
        this.sink = sink;
        this.metrics = metrics;
        this.clock = clock;
        this.leader = leader;
    }

    boolean leading() {
        return leader.getAsBoolean();
    }

    /** Publishes once per deterministic id (only the leader publishes). */
    void once(EventType type, Instant time, EventData data, String... idParts) {
        String id = EventIds.deterministic(type, idParts);
        if (!leading() || publishedIds.contains(id)) {
            return;
        }
        always(type, time, data, id);
        publishedIds.add(id);
    }

    /** Sends of the batch running on this thread (a resync), or null: then every publish waits for its ack. */
    private final ThreadLocal<List<CompletableFuture<Void>>> batch = new ThreadLocal<>();
    /** Sends of a batch in flight at most: the broker acknowledges them in order; the emitter's buffer is bounded. */
    static final int IN_FLIGHT = 5_000;

    /**
     * Runs {@code work}, whose publishes are sent without waiting for each acknowledgement, then waits for all of
     * them (a resync of 10,000 volumes is then bounded by the broker, not by one round trip per snapshot).
     */
    int inBatch(IntSupplier work) {
        List<CompletableFuture<Void>> pending = new ArrayList<>();
        batch.set(pending);
        try {
            int n = work.getAsInt();
            awaitAll(pending);
            return n;
        } finally {
            batch.remove();
        }
    }

    private static void awaitAll(List<CompletableFuture<Void>> pending) {
        try {
            CompletableFuture.allOf(pending.toArray(new CompletableFuture[0])).join();
        } finally {
            pending.clear();
        }
    }

    void always(EventType type, Instant time, EventData data, String id) {
        List<CompletableFuture<Void>> pending = batch.get();
        if (pending != null) {
            CloudEvent<?> event = CloudEvent.of(id, config.source(), time, data);
            pending.add(sink.send(event).whenComplete((ok, e) -> {
                if (e == null) {
                    metrics.published(type.type(), Duration.between(time, clock.instant()));
                } else {
                    metrics.publishFailed();
                    LOG.warnf("could not publish %s for %s: %s", type.type(), data.subject(), e.getMessage());
                }
            }));
            if (pending.size() >= IN_FLIGHT) {
                awaitAll(pending);
            }
            return;
        }
        try {
            sink.publish(CloudEvent.of(id, config.source(), time, data));
            metrics.published(type.type(), Duration.between(time, clock.instant()));
        } catch (RuntimeException e) {
            metrics.publishFailed();
            LOG.warnf("could not publish %s for %s: %s", type.type(), data.subject(), e.getMessage());
            throw e;
        }
    }
}
