package io.rwx.sharemanager.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.rwx.crds.ShareManagerState;
import io.rwx.events.Topic;
import io.rwx.kit.metrics.Meters;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every meter of share-manager-controller: {@code rwx_sharemanager_share_managers{state}} (gauge),
 * {@code rwx_sharemanager_transitions_total{from,to}}, {@code rwx_sharemanager_start_duration_seconds}
 * (starting → running), {@code rwx_sharemanager_recreations_total},
 * {@code rwx_sharemanager_reconcile_duration_seconds}, {@code rwx_sharemanager_reconcile_failures_total},
 * {@code rwx_sharemanager_events_consumed_total{type,outcome}}.
 */
// created at start-up, not at first use: every series exists (at 0) before anything happens
@io.quarkus.runtime.Startup
@ApplicationScoped
public class ShareManagerMetrics {

    private final MeterRegistry registry;
    /** Process-wide: a gauge stays bound to what it was first registered with, and holds it strongly. */
    private static final Map<String, ShareManagerState> STATES = new ConcurrentHashMap<>();

    public ShareManagerMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (ShareManagerState s : ShareManagerState.values()) {
            Gauge.builder("rwx.sharemanager.share.managers", STATES,
                    m -> m.values().stream().filter(v -> v == s).count()).strongReference(true)
                    .description("Share managers by state").tag("state", s.value()).register(registry);
        }
        // every series exists at 0 from start-up: alerts on increase() see the first occurrence after a restart
        for (ShareManagerState to : ShareManagerState.values()) {
            transitions(null, to);
            for (ShareManagerState from : ShareManagerState.values()) {
                if (from != to) {
                    transitions(from, to);
                }
            }
        }
        startTimer();
        recreations();
        reconcileTimer(true);
        reconcileTimer(false);
        reconcileFailures();
        Meters.consumedAtZero(registry, CONSUMED, CONSUMED_DESCRIPTION,
                Set.of(Topic.VOLUMES, Topic.SHARE_MANAGERS, Topic.NODES));
    }

    private static final String CONSUMED = "rwx.sharemanager.events.consumed";
    private static final String CONSUMED_DESCRIPTION = "Events consumed by type and outcome";

    private Counter transitions(ShareManagerState from, ShareManagerState to) {
        return Counter.builder("rwx.sharemanager.transitions").description("ShareManager state transitions")
                .tag("from", from == null ? "none" : from.value()).tag("to", to.value()).register(registry);
    }

    private Timer startTimer() {
        return Meters.timer("rwx.sharemanager.start.duration", "Time from starting to running", Meters.START_BUCKETS)
                .register(registry);
    }

    private Counter recreations() {
        return Counter.builder("rwx.sharemanager.recreations").description("Share-manager pods recreated after a failure")
                .register(registry);
    }

    private Timer reconcileTimer(boolean ok) {
        return Meters.timer("rwx.sharemanager.reconcile.duration", "Duration of a volume reconcile",
                Meters.LATENCY_BUCKETS).tag("result", ok ? "ok" : "error").register(registry);
    }

    private Counter reconcileFailures() {
        return Counter.builder("rwx.sharemanager.reconcile.failures").description("Reconciles that failed")
                .register(registry);
    }

    public void state(String volume, ShareManagerState state) {
        if (state == null) {
            STATES.remove(volume);
        } else {
            STATES.put(volume, state);
        }
    }

    public void transition(ShareManagerState from, ShareManagerState to) {
        transitions(from, to).increment();
    }

    public void started(Duration startingToRunning) {
        startTimer().record(startingToRunning.isNegative() ? Duration.ZERO : startingToRunning);
    }

    public void recreated() {
        recreations().increment();
    }

    public void consumed(String type, String outcome) {
        Meters.consumed(registry, CONSUMED, CONSUMED_DESCRIPTION, type, outcome).increment();
    }

    public Timer.Sample startReconcile() {
        return Timer.start(registry);
    }

    public void reconciled(Timer.Sample sample, boolean ok) {
        sample.stop(reconcileTimer(ok));
        if (!ok) {
            reconcileFailures().increment();
        }
    }
}
