package io.rwx.migration.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every meter of migration-service: {@code rwx_migration_migrations_total{result}},
 * {@code rwx_migration_duration_seconds} (histogram), {@code rwx_migration_copied_bytes_total},
 * {@code rwx_migration_active}.
 */
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
    }

    public void result(Result result) {
        Counter.builder("rwx.migration.migrations").description("Migrations by result")
                .tag("result", result.name().toLowerCase()).register(registry).increment();
    }

    public void duration(Duration d) {
        Timer.builder("rwx.migration.duration").description("Time from Job creation to success")
                .publishPercentileHistogram().register(registry).record(d.isNegative() ? Duration.ZERO : d);
    }

    public void copied(long bytes) {
        Counter.builder("rwx.migration.copied.bytes").description("Bytes transferred by successful copies")
                .register(registry).increment(bytes);
    }

    public void consumed(String type, String outcome) {
        io.micrometer.core.instrument.Counter.builder("rwx.migration.events.consumed")
                .description("Events consumed by type and outcome").tag("type", type).tag("outcome", outcome)
                .register(registry).increment();
    }

    public void active(int count) {
        active.set(count);
    }
}
