package io.rwx.failover.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.rwx.events.Topic;
import io.rwx.events.failover.RestartNeededReason;
import io.rwx.kit.metrics.Meters;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every meter of failover-service. Prometheus names: {@code rwx_failover_episodes_total{result}},
 * {@code rwx_failover_phase_duration_seconds{phase}} (histogram, measured from detection),
 * {@code rwx_failover_workload_pods_deleted_total{forced}},
 * {@code rwx_failover_workload_pods_restart_needed_total{reason}},
 * {@code rwx_failover_events_consumed_total{type,outcome}}, {@code rwx_failover_episodes_open}.
 */
// created at start-up, not at first use: every series exists (at 0) before anything happens
@io.quarkus.runtime.Startup
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
        // every series exists at 0 from start-up: alerts on increase() see the first occurrence after a restart
        for (Result r : Result.values()) {
            episodes(r);
        }
        for (Phase p : Phase.values()) {
            phaseTimer(p);
        }
        podsDeleted(true);
        podsDeleted(false);
        for (RestartNeededReason why : RestartNeededReason.values()) {
            restartsNeeded(reason(why));
        }
        Meters.consumedAtZero(registry, CONSUMED, CONSUMED_DESCRIPTION,
                Set.of(Topic.SHARE_MANAGERS, Topic.NODES, Topic.VOLUMES));
    }

    private static final String CONSUMED = "rwx.failover.events.consumed";
    private static final String CONSUMED_DESCRIPTION = "Events consumed by type and outcome";

    /** The {@code reason} label of a restart left to the workload's owner. */
    public static String reason(RestartNeededReason why) {
        return why.name().toLowerCase().replace('_', '-');
    }

    private Counter episodes(Result result) {
        return Counter.builder("rwx.failover.episodes").description("Failover episodes and failure reports by result")
                .tag("result", result.name().toLowerCase()).register(registry);
    }

    private Timer phaseTimer(Phase phase) {
        return Meters.timer("rwx.failover.phase.duration",
                "Time from the detection of a share-manager failure to each phase of its failover", Meters.FAILOVER_BUCKETS)
                .tag("phase", phase.name().toLowerCase()).register(registry);
    }

    private Counter podsDeleted(boolean forced) {
        return Counter.builder("rwx.failover.workload.pods.deleted").description("Workload pods deleted to remount")
                .tag("forced", Boolean.toString(forced)).register(registry);
    }

    private Counter restartsNeeded(String reason) {
        return Counter.builder("rwx.failover.workload.pods.restart.needed")
                .description("Workload pods left for a manual restart").tag("reason", reason).register(registry);
    }

    public void episode(Result result) {
        episodes(result).increment();
    }

    public void phase(Phase phase, Duration sinceDetection) {
        phaseTimer(phase).record(sinceDetection.isNegative() ? Duration.ZERO : sinceDetection);
    }

    public void podDeleted(boolean forced) {
        podsDeleted(forced).increment();
    }

    public void restartNeeded(String reason) {
        restartsNeeded(reason).increment();
    }

    public void consumed(String type, String outcome) {
        Meters.consumed(registry, CONSUMED, CONSUMED_DESCRIPTION, type, outcome).increment();
    }

    public void openEpisodes(int count) {
        open.set(count);
    }
}
