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
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;

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

    void always(EventType type, Instant time, EventData data, String id) {
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
