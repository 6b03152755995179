package io.rwx.failover;

import io.fabric8.kubernetes.api.model.Pod;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.rwx.crds.Longhorn;
import io.rwx.crds.Volume;
import io.rwx.events.common.FailureReason;
import io.rwx.events.node.NodeFailureReason;
import io.rwx.failover.config.FailoverConfig;
import io.rwx.failover.kubernetes.VolumeGateway;
import io.rwx.failover.metrics.FailoverMetrics;
import io.rwx.failover.model.Episode;
import io.rwx.failover.model.EpisodeMachine;
import io.rwx.failover.model.FailureSignal;
import io.rwx.failover.model.SeenPods;
import io.rwx.failover.model.Step;
import io.rwx.kit.kubernetes.Annotations;
import io.rwx.kit.kubernetes.ApiErrors;
import io.rwx.kit.kubernetes.Change;
import io.rwx.kit.kubernetes.ClusterCache;
import io.rwx.kit.lanes.RetryPolicy;
import io.rwx.kit.lanes.VolumeLanes;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs failover episodes (see DESIGN.md), one volume at a time in its lane: load the facts (informer cache), ask
 * {@link EpisodeMachine} for the next step, re-read the volume before a write and ask again, apply, repeat until
 * the machine says wait. Triggers: failure reports, node failures, "look again" events, and a periodic pass that
 * also finds failures nobody reported.
 */
@ApplicationScoped
public class FailoverCoordinator {

    private static final Logger LOG = Logger.getLogger(FailoverCoordinator.class);
    private static final int MAX_STEPS_PER_PASS = 8;

    private final FailoverConfig config;
    private final ClusterCache cache;
    private final EpisodeFactsLoader loader;
    private final EpisodeActions actions;
    private final VolumeGateway volumes;
    private final SeenPods seen;
    private final FailoverMetrics metrics;
    private final Clock clock = Clock.systemUTC();
    private final RetryPolicy retries;
    private VolumeLanes lanes;
    private ScheduledExecutorService ticker;

    public FailoverCoordinator(FailoverConfig config, ClusterCache cache, EpisodeFactsLoader loader,
            EpisodeActions actions, VolumeGateway volumes, SeenPods seen, FailoverMetrics metrics) {
        this.config = config;
        this.cache = cache;
        this.loader = loader;
        this.actions = actions;
        this.volumes = volumes;
        this.seen = seen;
        this.metrics = metrics;
        this.retries = new RetryPolicy(config.maxAttempts(), Duration.ofMillis(100), Duration.ofSeconds(5),
                ApiErrors::retriable);
    }

    void onStart(@Observes StartupEvent startup) {
        start();
    }

    void onStop(@Observes ShutdownEvent shutdown) {
        stop();
    }

    /** Starts the cache, the lanes and the periodic pass (whose first run resumes every open episode). */
    public void start() {
        cache.start(this::onChange);
        lanes = new VolumeLanes("failover", config.lanes(), cache::blockUntilSynced);
        ticker = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "failover-resync"));
        // start-up does not wait for the API server: the first pass runs once the cache has synced
        ticker.execute(cache::blockUntilSynced);
        // the first pass resumes every open episode recorded on the volumes
        ticker.scheduleWithFixedDelay(this::sweep, 0, config.resyncInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Stops acting (the cache belongs to whoever made it). */
    public void stop() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        if (lanes != null) {
            lanes.close();
        }
    }

    /**
     * Every share-manager pod the cache shows is remembered, so a report about it can be judged later; and a change
     * of the share-manager pod of a volume whose episode is open (the replacement created, Ready) moves the episode
     * on at once, from this cache: the event that says so may arrive before the cache has seen it.
     */
    private void onChange(Change change) {
        if (change.kind() != ClusterCache.Kind.POD || !(change.current() instanceof Pod pod)
                || !cache.systemNamespace().equals(pod.getMetadata().getNamespace())
                || pod.getMetadata().getLabels() == null) {
            return;
        }
        String volume = pod.getMetadata().getLabels().get(Longhorn.SHARE_MANAGER_LABEL);
        if (volume != null) {
            seen.saw(volume, change.deleted() ? loader.seenDeleted(pod) : loader.seen(pod));
            boolean open = cache.volume(volume).map(VolumeGateway::episodeOf).map(e -> e.phase().open()).orElse(false);
            if (open && lanes != null) {
                reconcile(volume).exceptionally(e -> {
                    LOG.warnf("volume %s: pass after a share-manager change failed: %s", volume, e.getMessage());
                    return null;
                });
            }
        }
    }

    /** A share-manager failure was reported: confirm it and act, in the volume's lane. */
    public CompletableFuture<Void> report(FailureSignal signal) {
        return lanes.submit(signal.volume(), retries, () -> {
            pass(signal.volume(), signal);
            return null;
        });
    }

    /** A node failed: every share-manager on it is reported failed. */
    public CompletableFuture<Void> nodeFailed(String node, NodeFailureReason reason, Instant reportedAt, String source) {
        FailureReason failure = reason == NodeFailureReason.DELETED ? FailureReason.NODE_LOST
                : reason == NodeFailureReason.EXTERNAL ? FailureReason.EXTERNAL : FailureReason.NODE_NOT_READY;
        Instant seenAt = clock.instant();
        return CompletableFuture.allOf(cache.shareManagerPodsOn(node).stream()
                .map(p -> report(new FailureSignal(p.getMetadata().getLabels().get(Longhorn.SHARE_MANAGER_LABEL),
                        p.getMetadata().getUid(), node, failure, reportedAt, seenAt, source)))
                .toArray(CompletableFuture[]::new));
    }

    /** Something about the volume changed: look at it again (coalesced). */
    public CompletableFuture<Void> reconcile(String volume) {
        return lanes.reconcile(volume, retries, () -> pass(volume, null));
    }

    public void forget(String volume) {
        seen.forget(volume);
    }

    /**
     * The periodic pass: every volume with an open episode (stall detection, lost events), a failure recorded by
     * share-manager-controller that no episode covers yet, or a failed share-manager pod.
     */
    void sweep() {
        try {
            for (Volume v : cache.volumes()) {
                if (needsLook(v)) {
                    reconcile(v.getMetadata().getName()).exceptionally(e -> {
                        LOG.warnf("volume %s: periodic pass failed: %s", v.getMetadata().getName(), e.getMessage());
                        return null;
                    });
                }
            }
            metrics.openEpisodes((int) cache.volumes().stream().map(VolumeGateway::episodeOf)
                    .filter(e -> e != null && e.phase().open()).count());
        } catch (RuntimeException e) {
            LOG.warnf(e, "periodic failover pass failed; next pass in %s", config.resyncInterval());
        }
    }

    private boolean needsLook(Volume v) {
        String name = v.getMetadata().getName();
        Episode e = VolumeGateway.episodeOf(v);
        if (e != null && e.phase().open()) {
            return true;
        }
        boolean recordedFailure = cache.shareManager(name).flatMap(Annotations::lastFailure)
                .filter(f -> e == null || !f.podUid().equals(e.uid())).isPresent();
        return recordedFailure || cache.shareManagerPod(name).map(loader::seen).map(p -> p.verdict().failed())
                .orElse(false);
    }

    /** One pass: next step, re-read before the first write, apply, until the machine says wait. */
    private void pass(String name, FailureSignal report) {
        Volume basis = cache.volume(name).orElse(null);
        boolean fresh = false;
        Instant now = clock.instant();
        for (int step = 0; step < MAX_STEPS_PER_PASS; step++) {
            EpisodeFactsLoader.Loaded loaded = loader.load(name, basis, report, now);
            if (step == 0 && report != null) {
                count(name, report, loaded);
            }
            Step next = EpisodeMachine.next(loaded.facts());
            if (next instanceof Step.Wait || next instanceof Step.Nothing) {
                actions.observe(name, loaded.facts());
                return;
            }
            if (!fresh) {
                // freshness rule: decide again on the volume as the API server has it before writing
                basis = volumes.fresh(config.systemNamespace(), name).orElse(null);
                fresh = true;
                continue;
            }
            basis = actions.apply(basis, next, loaded.facts());
        }
        LOG.warnf("volume %s: a pass took %d steps; the next trigger continues", name, MAX_STEPS_PER_PASS);
    }

    private void count(String volume, FailureSignal report, EpisodeFactsLoader.Loaded loaded) {
        if (!loaded.facts().rwx() || !loaded.facts().inUse()) {
            LOG.infof("volume %s: failure report from %s ignored: %s", volume, report.source(),
                    loaded.facts().rwx() ? "the volume is not in use" : "no such RWX volume");
            metrics.episode(FailoverMetrics.Result.IGNORED);
        } else if (!loaded.report().confirmed()) {
            LOG.infof("volume %s: failure report from %s not confirmed (%s): nothing to do", volume, report.source(),
                    loaded.report().explanation());
            metrics.episode(FailoverMetrics.Result.UNCONFIRMED);
        }
    }
}
