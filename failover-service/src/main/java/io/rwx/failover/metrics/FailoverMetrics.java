package io.rwx.failover.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every meter of failover-service. Prometheus names: {@code rwx_failover_episodes_total{result}},
 * {@code rwx_failover_phase_duration_seconds{phase}} (histogram, measured from detection),
 * {@code rwx_failover_workload_pods_deleted_total{forced}},
 * {@code rwx_failover_workload_pods_restart_needed_total{reason}},
 * {@code rwx_failover_events_consumed_total{type,outcome}}, {@code rwx_failover_episodes_open}.
 */
@ApplicationScoped
public class FailoverMetrics {

    /** Results of an episode, or of a failure report that opened none. */
    public enum Result { STARTED, COMPLETED, STALLED, UNCONFIRMED, DISABLED, IGNORED }

    /** Phases of the timeline, each timed from detection. */
    public enum Phase { REMOUNT_REQUESTED, REPLACEMENT_READY, WORKLOADS_DELETED, WORKLOADS_RUNNING }

    private final MeterRegistry registry;
    private final AtomicInteger open;

    public FailoverMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.open = io.rwx.kit.metrics.GaugeStates.of(registry, "rwx.failover.episodes.open");
        io.micrometer.core.instrument.Gauge.builder("rwx.failover.episodes.open", open, AtomicInteger::get)
                .strongReference(true).description("Failover episodes in progress").register(registry);
    }

    public void episode(Result result) {
        Counter.builder("rwx.failover.episodes").description("Failover episodes and failure reports by result")
                .tag("result", result.name().toLowerCase()).register(registry).increment();
    }

    public void phase(Phase phase, Duration sinceDetection) {
        Timer.builder("rwx.failover.phase.duration")
                .description("Time from the detection of a share-manager failure to each phase of its failover")
                .tag("phase", phase.name().toLowerCase()).publishPercentileHistogram()
                .register(registry).record(sinceDetection.isNegative() ? Duration.ZERO : sinceDetection);
    }

    public void podDeleted(boolean forced) {
        Counter.builder("rwx.failover.workload.pods.deleted").description("Workload pods deleted to remount")
                .tag("forced", Boolean.toString(forced)).register(registry).increment();
    }

    public void restartNeeded(String reason) {
        Counter.builder("rwx.failover.workload.pods.restart.needed")
                .description("Workload pods left for a manual restart").tag("reason", reason)
                .register(registry).increment();
    }

    public void consumed(String type, String outcome) {
        Counter.builder("rwx.failover.events.consumed").description("Events consumed by type and outcome")
                .tag("type", type).tag("outcome", outcome).register(registry).increment();
    }

    public void openEpisodes(int count) {
        open.set(count);
    }
}
