package io.rwx.sharemanager.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.rwx.crds.ShareManagerState;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every meter of share-manager-controller: {@code rwx_sharemanager_share_managers{state}} (gauge),
 * {@code rwx_sharemanager_transitions_total{from,to}}, {@code rwx_sharemanager_start_duration_seconds}
 * (starting → running), {@code rwx_sharemanager_recreations_total},
 * {@code rwx_sharemanager_reconcile_duration_seconds}, {@code rwx_sharemanager_reconcile_failures_total},
 * {@code rwx_sharemanager_events_consumed_total{type,outcome}}.
 */
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
    }

    public void state(String volume, ShareManagerState state) {
        if (state == null) {
            STATES.remove(volume);
        } else {
            STATES.put(volume, state);
        }
    }

    public void transition(ShareManagerState from, ShareManagerState to) {
        Counter.builder("rwx.sharemanager.transitions").description("ShareManager state transitions")
                .tag("from", from == null ? "none" : from.value()).tag("to", to.value()).register(registry).increment();
    }

    public void started(Duration startingToRunning) {
        Timer.builder("rwx.sharemanager.start.duration").description("Time from starting to running")
                .publishPercentileHistogram().register(registry).record(startingToRunning);
    }

    public void recreated() {
        Counter.builder("rwx.sharemanager.recreations").description("Share-manager pods recreated after a failure")
                .register(registry).increment();
    }

    public void consumed(String type, String outcome) {
        Counter.builder("rwx.sharemanager.events.consumed").description("Events consumed by type and outcome")
                .tag("type", type).tag("outcome", outcome).register(registry).increment();
    }

    public Timer.Sample startReconcile() {
        return Timer.start(registry);
    }

    public void reconciled(Timer.Sample sample, boolean ok) {
        sample.stop(Timer.builder("rwx.sharemanager.reconcile.duration").description("Duration of a volume reconcile")
                .tag("result", ok ? "ok" : "error").publishPercentileHistogram(false).register(registry));
        if (!ok) {
            Counter.builder("rwx.sharemanager.reconcile.failures").description("Reconciles that failed")
                    .register(registry).increment();
        }
    }
}
