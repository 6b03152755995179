package io.rwx.migration.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.rwx.events.Topic;
import io.rwx.kit.metrics.Meters;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every meter of migration-service: {@code rwx_migration_migrations_total{result}},
 * {@code rwx_migration_duration_seconds} (histogram), {@code rwx_migration_copied_bytes_total},
 * {@code rwx_migration_active}.
 */
// created at start-up, not at first use: every series exists (at 0) before anything happens
@io.quarkus.runtime.Startup
@ApplicationScoped
public class MigrationMetrics {

    public enum Result { SUCCEEDED, FAILED, REJECTED, CANCELLED }

    private final MeterRegistry registry;
    private final AtomicInteger active;

    public MigrationMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.active = io.rwx.kit.metrics.GaugeStates.of(registry, "rwx.migration.active");
        io.micrometer.core.instrument.Gauge.builder("rwx.migration.active", active, AtomicInteger::get)
                .strongReference(true).description("Migrations whose Job has not finished").register(registry);
        // every series exists at 0 from start-up: alerts on increase() see the first occurrence after a restart
        for (Result r : Result.values()) {
            results(r);
        }
        durationTimer();
        copiedBytes();
        Meters.consumedAtZero(registry, CONSUMED, CONSUMED_DESCRIPTION, Set.of(Topic.MIGRATIONS));
    }

    private static final String CONSUMED = "rwx.migration.events.consumed";
    private static final String CONSUMED_DESCRIPTION = "Events consumed by type and outcome";

    private Counter results(Result result) {
        return Counter.builder("rwx.migration.migrations").description("Migrations by result")
                .tag("result", result.name().toLowerCase()).register(registry);
    }

    private Timer durationTimer() {
        return Meters.timer("rwx.migration.duration", "Time from Job creation to success", Meters.MIGRATION_BUCKETS)
                .register(registry);
    }

    private Counter copiedBytes() {
        return Counter.builder("rwx.migration.copied.bytes").description("Bytes transferred by successful copies")
                .register(registry);
    }

    public void result(Result result) {
        results(result).increment();
    }

    public void duration(Duration d) {
        durationTimer().record(d.isNegative() ? Duration.ZERO : d);
    }

    public void copied(long bytes) {
        copiedBytes().increment(bytes);
    }

    public void consumed(String type, String outcome) {
        Meters.consumed(registry, CONSUMED, CONSUMED_DESCRIPTION, type, outcome).increment();
    }

    public void active(int count) {
        active.set(count);
    }
}
