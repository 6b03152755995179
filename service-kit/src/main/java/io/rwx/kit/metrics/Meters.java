package io.rwx.kit.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.rwx.events.EventType;
import io.rwx.events.Topic;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * What every service's meters share: histogram buckets sized to what they measure (Micrometer's default timer
 * buckets stop at 30 s, so a 2-hour migration would read 30 s), and counters that exist at 0 from start-up for
 * every known label value, so that {@code increase()} in an alert sees the first occurrence after a restart.
 */
public final class Meters {

    /** Failover phases, measured from detection: seconds to the replacement timeout and well past it. */
    public static final Duration[] FAILOVER_BUCKETS = seconds(0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600, 1200, 1800);
    /** Migrations: a few seconds to two days. */
    public static final Duration[] MIGRATION_BUCKETS = seconds(5, 15, 30, 60, 300, 900, 1800, 3600, 7200, 14400,
            28800, 57600, 86400, 172800);
    /** A share-manager pod from starting to running: image pull and volume attach included. */
    public static final Duration[] START_BUCKETS = seconds(1, 2, 5, 10, 20, 30, 60, 120, 300, 600);
    /** Quick operations: a reconcile, a change's way from the API server to Kafka. */
    public static final Duration[] LATENCY_BUCKETS = seconds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60);

    /** The outcomes {@code EventIngress} counts per consumed record. */
    public static final List<String> CONSUME_OUTCOMES = List.of("processed", "skipped", "dead-lettered");

    private Meters() {
    }

    private static Duration[] seconds(double... values) {
        return Arrays.stream(values).mapToObj(s -> Duration.ofNanos((long) (s * 1e9))).toArray(Duration[]::new);
    }

    /** A timer with exactly {@code buckets} (plus +Inf) as its histogram. */
    public static Timer.Builder timer(String name, String description, Duration[] buckets) {
        return Timer.builder(name).description(description).publishPercentileHistogram(false)
                .serviceLevelObjectives(buckets).minimumExpectedValue(buckets[0])
                .maximumExpectedValue(buckets[buckets.length - 1]);
    }

    /**
     * Registers {@code <prefix>.events.consumed{type,outcome}} at 0 for every type of the consumed topics and for
     * records that are not events ({@code malformed}, dead-lettered) or of unknown types ({@code unknown},
     * skipped).
     */
    public static void consumedAtZero(MeterRegistry registry, String name, String description, Set<Topic> topics) {
        for (EventType type : EventType.values()) {
            if (topics.contains(type.topic())) {
                for (String outcome : List.of("processed", "dead-lettered")) {
                    consumed(registry, name, description, type.type(), outcome);
                }
            }
        }
        consumed(registry, name, description, "malformed", "dead-lettered");
        consumed(registry, name, description, "unknown", "skipped");
    }

    public static Counter consumed(MeterRegistry registry, String name, String description, String type,
            String outcome) {
        return Counter.builder(name).description(description).tag("type", type).tag("outcome", outcome)
                .register(registry);
    }
}
