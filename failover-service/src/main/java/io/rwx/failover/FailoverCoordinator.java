package io.rwx.failover;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.rwx.crds.AccessMode;
import io.rwx.crds.Volume;
import io.rwx.events.CloudEvent;
import io.rwx.events.EventData;
import io.rwx.events.EventIds;
import io.rwx.events.EventType;
import io.rwx.events.common.ControllerOwner;
import io.rwx.events.common.FailureReason;
import io.rwx.events.common.PodRef;
import io.rwx.events.failover.FailoverCompleted;
import io.rwx.events.failover.FailoverStalled;
import io.rwx.events.failover.FailoverTimeline;
import io.rwx.events.failover.RemountRequested;
import io.rwx.events.failover.RestartNeededReason;
import io.rwx.events.failover.WorkloadPodDeleted;
import io.rwx.events.failover.WorkloadRestartNeeded;
import io.rwx.events.node.NodeFailureReason;
import io.rwx.failover.config.FailoverConfig;
import io.rwx.failover.kubernetes.ClaimGateway;
import io.rwx.failover.kubernetes.EventRecorder;
import io.rwx.failover.kubernetes.NodeGateway;
import io.rwx.failover.kubernetes.PodGateway;
import io.rwx.failover.kubernetes.PodViews;
import io.rwx.failover.kubernetes.SettingGateway;
import io.rwx.failover.kubernetes.VolumeGateway;
import io.rwx.failover.messaging.FailoverEventSink;
import io.rwx.failover.metrics.FailoverMetrics;
import io.rwx.failover.model.Episode;
import io.rwx.failover.model.FailoverSettings;
import io.rwx.failover.model.FailureConfirmation;
import io.rwx.failover.model.FailureSignal;
import io.rwx.failover.model.RemountDecision;
import io.rwx.failover.model.RemountRule;
import io.rwx.failover.model.ReplacementGate;
import io.rwx.failover.model.ShareManagerPodView;
import io.rwx.failover.model.WorkloadPodView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs failover episodes (see DESIGN.md): load the volume and its pods from the API, let the pure rules decide,
 * apply (stamp, delete), publish. Every step is level-based and idempotent; the durable episode record lives on
 * the Volume, so a restarted service resumes an episode without stamping again.
 */
@ApplicationScoped
public class FailoverCoordinator {

    private static final Logger LOG = Logger.getLogger(FailoverCoordinator.class);

    private final FailoverConfig config;
    private final VolumeGateway volumes;
    private final PodGateway pods;
    private final ClaimGateway claims;
    private final NodeGateway nodes;
    private final SettingGateway settings;
    private final EventRecorder kubeEvents;
    private final FailoverEventSink sink;
    private final FailoverMetrics metrics;
    private final Clock clock;

    /** In-memory part of the timeline (observations that only matter for the completed event and metrics). */
    private final Map<String, FailoverTimeline> timelines = new ConcurrentHashMap<>();
    private final Map<String, String> openEpisodes = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private ScheduledExecutorService ticker;

    @jakarta.inject.Inject
    public FailoverCoordinator(FailoverConfig config, VolumeGateway volumes, PodGateway pods, ClaimGateway claims,
            NodeGateway nodes, SettingGateway settings, EventRecorder kubeEvents, FailoverEventSink sink,
            FailoverMetrics metrics) {
        this(config, volumes, pods, claims, nodes, settings, kubeEvents, sink, metrics, Clock.systemUTC());
    }

    public FailoverCoordinator(FailoverConfig config, VolumeGateway volumes, PodGateway pods, ClaimGateway claims,
            NodeGateway nodes, SettingGateway settings, EventRecorder kubeEvents, FailoverEventSink sink,
            FailoverMetrics metrics, Clock clock) {
        this.config = config;
        this.volumes = volumes;
        this.pods = pods;
        this.claims = claims;
        this.nodes = nodes;
        this.settings = settings;
        this.sink = sink;
        this.metrics = metrics;
        this.clock = clock;
        this.kubeEvents = kubeEvents;
    }

    void onStart(@Observes StartupEvent startup) {
        start();
    }

    void onStop(@Observes ShutdownEvent shutdown) {
        stop();
    }

    /** Resumes every open episode recorded on the volumes, then runs the periodic pass. */
    public void start() {
        resumeOpenEpisodes();
        ticker = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "failover-resync"));
        long period = config.resyncInterval().toMillis();
        ticker.scheduleWithFixedDelay(this::resyncQuietly, period, period, TimeUnit.MILLISECONDS);
    }

    public void stop() {
        if (ticker != null) {
            ticker.shutdownNow();
        }
    }

    void resumeOpenEpisodes() {
        for (Volume volume : volumes.list()) {
            Episode episode = VolumeGateway.episodeOf(volume);
            if (episode != null && episode.phase().open()) {
                LOG.infof("volume %s: resuming failover episode %s in phase %s", name(volume), episode.uid(),
                        episode.phase());
                openEpisodes.put(name(volume), episode.uid());
                reconcile(name(volume));
            }
        }
        metrics.openEpisodes(openEpisodes.size());
    }

    private void resyncQuietly() {
        try {
            for (String volume : List.copyOf(openEpisodes.keySet())) {
                reconcile(volume);
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "periodic failover pass failed; next pass in %s", config.resyncInterval());
        }
    }

    /** A node failed: every share-manager on it fails over. */
    public void onNodeFailure(String node, NodeFailureReason reason, Instant time, String source) {
        FailureReason failure = switch (reason) {
            case DELETED -> FailureReason.NODE_LOST;
            case EXTERNAL -> FailureReason.EXTERNAL;
            default -> FailureReason.NODE_NOT_READY;
        };
        for (Pod pod : pods.shareManagerPodsOn(node)) {
            String volume = pod.getMetadata().getLabels().get(io.rwx.crds.Longhorn.SHARE_MANAGER_LABEL);
            if (volume != null) {
                onFailure(new FailureSignal(volume, pod.getMetadata().getUid(), node, failure, time, source));
            }
        }
    }

    /** A share-manager failure was reported: confirm it, open (or join) the episode, stamp once, go on. */
    public void onFailure(FailureSignal signal) {
        withRetries(signal.volume(), () -> {
            handleFailure(signal);
            return null;
        });
    }

    /** Something about the volume changed: advance its open episode, if any. */
    public void reconcile(String volume) {
        withRetries(volume, () -> {
            volumes.get(volume).ifPresentOrElse(this::advance, () -> forget(volume));
            return null;
        });
    }

    public void forget(String volume) {
        openEpisodes.remove(volume);
        timelines.remove(volume);
        metrics.openEpisodes(openEpisodes.size());
    }

    private void handleFailure(FailureSignal signal) {
        Volume volume = volumes.get(signal.volume()).orElse(null);
        if (volume == null || volume.getSpec().getAccessMode() != AccessMode.RWX) {
            LOG.debugf("volume %s: failure report ignored, no such RWX volume", signal.volume());
            metrics.episode(FailoverMetrics.Result.IGNORED);
            return;
        }
        if (workloadPods(signal.volume()).isEmpty()) {
            LOG.infof("volume %s: failure report ignored, the volume is not in use", signal.volume());
            metrics.episode(FailoverMetrics.Result.IGNORED);
            return;
        }
        ShareManagerPodView current = pods.shareManagerPod(signal.volume()).map(this::view).orElse(null);
        FailureConfirmation.Outcome outcome = FailureConfirmation.confirm(signal.podUid(), signal.reason(), current,
                config.isTrusted(signal.source()));
        if (!outcome.confirmed()) {
            LOG.infof("volume %s: failure report from %s not confirmed (%s): nothing to do", signal.volume(),
                    signal.source(), outcome.explanation());
            metrics.episode(FailoverMetrics.Result.UNCONFIRMED);
            return;
        }
        Episode recorded = VolumeGateway.episodeOf(volume);
        if (!Episode.opensNewEpisode(recorded, outcome.episodeUid(), signal.detectedAt())) {
            LOG.debugf("volume %s: failure of pod %s is episode %s already", signal.volume(), outcome.episodeUid(),
                    recorded.uid());
            advance(volume);
            return;
        }
        String failedPod = current != null && outcome.episodeUid().equals(current.uid()) ? current.name()
                : io.rwx.crds.Longhorn.shareManagerPodName(signal.volume());
        String failedNode = signal.node() != null ? signal.node() : current == null ? null : current.node();
        Episode episode = Episode.open(outcome.episodeUid(), signal.detectedAt(), failedPod, failedNode,
                outcome.reason().name());
        volume = volumes.writeEpisode(volume, episode);
        LOG.infof("volume %s: failover episode %s opened (%s: %s), detected at %s", signal.volume(), episode.uid(),
                outcome.reason(), outcome.explanation(), episode.detectedAt());
        openEpisodes.put(signal.volume(), episode.uid());
        timelines.put(signal.volume(), new FailoverTimeline(episode.detectedAt(), null, null, null, null, null, null));
        metrics.episode(FailoverMetrics.Result.STARTED);
        metrics.openEpisodes(openEpisodes.size());
        advance(volume);
    }

    /** One level-based pass over the volume's episode. */
    private void advance(Volume volume) {
        Episode episode = VolumeGateway.episodeOf(volume);
        String name = name(volume);
        if (episode == null || !episode.phase().open()) {
            forget(name);
            return;
        }
        openEpisodes.put(name, episode.uid());
        volume = ensureStamped(volume, episode);
        if (episode.phase().waitingForReplacement()) {
            awaitReplacementThenDecide(volume, episode);
        } else if (episode.phase() == Episode.Phase.RESTARTING_WORKLOADS) {
            FailoverSettings current = settings.read();
            if (current.autoDelete()) {
                deleteWorkloads(volume, episode, RemountRule.decide(workloadViews(name(volume)), episode.detectedAt(),
                        current));
            }
            completeWhenWorkloadsRun(volume, episode);
        }
    }

    /** Step 2: the stamp is the episode's detection time, written once; republishing is harmless (same id). */
    private Volume ensureStamped(Volume volume, Episode episode) {
        String name = name(volume);
        if (!episode.detectedAt().equals(VolumeGateway.remountRequestedAt(volume))) {
            volume = volumes.stamp(volume, episode.detectedAt());
            Instant now = clock.instant();
            timeline(name, episode, t -> with(t, null, null, null, now, null, null));
            metrics.phase(FailoverMetrics.Phase.REMOUNT_REQUESTED, Duration.between(episode.detectedAt(), now));
            kubeEvents.normal(volume, "RemountRequested",
                    "share-manager pod " + episode.failedPod() + " failed (" + episode.reason().toLowerCase()
                            + "); remount requested at " + episode.detectedAt(), episode.uid());
            LOG.infof("volume %s: status.remountRequestedAt = %s (episode %s)", name, episode.detectedAt(),
                    episode.uid());
            publish(EventType.FAILOVER_REMOUNT_REQUESTED, episode.detectedAt(), new RemountRequested(name,
                    episode.uid(), episode.detectedAt(), episode.failedPod(), episode.failedNode(),
                    FailureReason.valueOf(episode.reason())), name, episode.uid());
        }
        return volume;
    }

    /** Step 4: nothing is deleted before a replacement (another UID) is Running and Ready; else maybe stalled. */
    private void awaitReplacementThenDecide(Volume volume, Episode episode) {
        String name = name(volume);
        Instant now = clock.instant();
        Pod smPod = pods.shareManagerPod(name).orElse(null);
        boolean replaced = smPod != null && !episode.uid().equals(smPod.getMetadata().getUid());
        if (smPod == null || replaced) {
            timeline(name, episode, t -> t.oldPodRemoved() != null ? t : with(t, now, null, null, null, null, null));
        }
        if (replaced) {
            Instant created = view(smPod).createdAt();
            timeline(name, episode, t -> t.replacementCreated() != null ? t
                    : with(t, null, created != null ? created : now, null, null, null, null));
        }
        if (!ReplacementGate.replacementReady(smPod == null ? null : view(smPod), episode.uid())) {
            Instant deadline = episode.detectedAt().plus(config.replacementTimeout());
            if (episode.phase() == Episode.Phase.WAITING_FOR_REPLACEMENT && !now.isBefore(deadline)) {
                reportStalled(volume, episode);
            }
            return;
        }
        timeline(name, episode, t -> with(t, null, null, now, null, null, null));
        metrics.phase(FailoverMetrics.Phase.REPLACEMENT_READY, Duration.between(episode.detectedAt(), now));

        FailoverSettings current = settings.read();
        RemountDecision decision = RemountRule.decide(workloadViews(name), episode.detectedAt(), current);
        Episode.Phase next = current.autoDelete() ? Episode.Phase.RESTARTING_WORKLOADS : Episode.Phase.COMPLETED;
        // the decision is made durable first: a retry (409) or a restart never decides, or counts, twice
        Episode decided = episode.withDecision(decision.deletions().size(), decision.restartsNeeded().size(),
                current.autoDelete(), next);
        volume = volumes.writeEpisode(volume, decided);
        LOG.infof("volume %s: episode %s %s -> %s (%d pod(s) to delete, %d left for a manual restart)", name,
                episode.uid(), episode.phase(), next, decision.deletions().size(), decision.restartsNeeded().size());
        for (RemountDecision.RestartNeeded restart : decision.restartsNeeded()) {
            restartNeeded(volume, decided, restart);
        }
        for (RemountDecision.Skipped skipped : decision.skipped()) {
            LOG.debugf("volume %s: pod %s left alone: %s", name, skipped.pod().fullName(), skipped.why());
        }
        if (!current.autoDelete()) {
            warnAutoDeleteDisabled(name, decided, decision);
            complete(volume, decided, FailoverMetrics.Result.DISABLED);
            return;
        }
        deleteWorkloads(volume, decided, decision);
        completeWhenWorkloadsRun(volume, decided);
    }

    /** Deletes what the rule selects; level-based, so a pass after a crash deletes only what is left. */
    private void deleteWorkloads(Volume volume, Episode episode, RemountDecision decision) {
        String name = name(volume);
        boolean any = false;
        for (RemountDecision.Deletion deletion : decision.deletions()) {
            any |= delete(name, episode, deletion);
        }
        if (any) {
            Instant after = clock.instant();
            timeline(name, episode, t -> with(t, null, null, null, null, after, null));
            metrics.phase(FailoverMetrics.Phase.WORKLOADS_DELETED, Duration.between(episode.detectedAt(), after));
        }
    }

    private boolean delete(String volume, Episode episode, RemountDecision.Deletion deletion) {
        WorkloadPodView pod = deletion.pod();
        if (!pods.delete(pod.namespace(), pod.name(), pod.uid(), deletion.gracePeriodSeconds())) {
            return false;
        }
        LOG.infof("volume %s: deleted workload pod %s (grace %ds%s) so that %s recreates it and it remounts", volume,
                pod.fullName(), deletion.gracePeriodSeconds(), deletion.forced() ? ", forced: node down" : "",
                pod.controllerGroupKind());
        metrics.podDeleted(deletion.forced());
        String[] gk = pod.controllerGroupKind().split("/", 2);
        publish(EventType.FAILOVER_WORKLOAD_POD_DELETED, clock.instant(), new WorkloadPodDeleted(volume,
                episode.uid(), new PodRef(pod.namespace(), pod.name(), pod.uid(), pod.node()),
                new ControllerOwner(gk[0], gk[1], pod.controllerName()), deletion.gracePeriodSeconds(),
                deletion.forced()), volume, episode.uid(), pod.uid());
        return true;
    }

    private void restartNeeded(Volume volume, Episode episode, RemountDecision.RestartNeeded restart) {
        WorkloadPodView pod = restart.pod();
        RestartNeededReason reason = switch (restart.why()) {
            case NO_CONTROLLER_OWNER -> RestartNeededReason.NO_CONTROLLER_OWNER;
            case AUTO_DELETE_DISABLED -> RestartNeededReason.AUTO_DELETE_DISABLED;
            case OWNER_BLACKLISTED -> RestartNeededReason.OWNER_BLACKLISTED;
        };
        String name = name(volume);
        LOG.warnf("volume %s: %s", name, restart.message());
        metrics.restartNeeded(reason.name().toLowerCase().replace('_', '-'));
        if (reason != RestartNeededReason.AUTO_DELETE_DISABLED) {
            pods.get(pod.namespace(), pod.name()).ifPresent(p -> kubeEvents.warning(p, "RemountRequired",
                    restart.message(), episode.uid()));
        }
        publish(EventType.FAILOVER_WORKLOAD_RESTART_NEEDED, clock.instant(), new WorkloadRestartNeeded(name,
                episode.uid(), new PodRef(pod.namespace(), pod.name(), pod.uid(), pod.node()), reason,
                restart.message()), name, episode.uid(), pod.uid());
    }

    /** Step 5: with auto-delete off, one Warning Event on the PVC says the workloads may see I/O errors. */
    private void warnAutoDeleteDisabled(String volume, Episode episode, RemountDecision decision) {
        claims.claimOf(volume).flatMap(ref -> claims.claim(ref.getNamespace(), ref.getName())).ifPresent(pvc ->
                kubeEvents.warning(pvc, "WorkloadsMayFail", "share-manager of volume " + volume + " failed over and "
                                + "auto-delete-pod-when-volume-detached-unexpectedly is false: "
                                + decision.restartsNeeded().size() + " workload pod(s) were not restarted and may see "
                                + "I/O errors until restarted", episode.uid()));
    }

    private void reportStalled(Volume volume, Episode episode) {
        String name = name(volume);
        long timeout = config.replacementTimeout().toSeconds();
        String message = "no Running and Ready replacement share-manager for volume " + name + " within " + timeout
                + "s of the failure of pod " + episode.failedPod() + "; no workload pod is deleted until there is one";
        LOG.warnf("volume %s: failover episode %s stalled: %s", name, episode.uid(), message);
        volumes.writeEpisode(volume, episode.withPhase(Episode.Phase.STALLED));
        metrics.episode(FailoverMetrics.Result.STALLED);
        kubeEvents.warning(volume, "FailoverStalled", message,
                episode.uid());
        publish(EventType.FAILOVER_STALLED, clock.instant(), new FailoverStalled(name, episode.uid(),
                "replacement-ready", episode.detectedAt(), timeout, message), name, episode.uid());
    }

    /** The episode ends when every controller-owned workload runs again (read from the API, level-based). */
    private void completeWhenWorkloadsRun(Volume volume, Episode episode) {
        List<WorkloadPodView> workloads = workloadViews(name(volume));
        List<WorkloadPodView> owned = workloads.stream()
                .filter(p -> p.hasController() && !p.terminating()).toList();
        long replaced = owned.stream().filter(p -> p.startTime() != null
                && !p.startTime().isBefore(episode.detectedAt()) && p.running() && p.ready()).count();
        boolean allRunning = owned.stream().allMatch(p -> p.running() && p.ready());
        if (!allRunning || replaced < episode.podsDeleted()) {
            return;
        }
        Instant now = clock.instant();
        timeline(name(volume), episode, t -> with(t, null, null, null, null, null, now));
        metrics.phase(FailoverMetrics.Phase.WORKLOADS_RUNNING, Duration.between(episode.detectedAt(), now));
        Episode done = episode.withPhase(Episode.Phase.COMPLETED);
        volume = volumes.writeEpisode(volume, done);
        complete(volume, done, FailoverMetrics.Result.COMPLETED);
    }

    private void complete(Volume volume, Episode episode, FailoverMetrics.Result result) {
        String name = name(volume);
        FailoverTimeline timeline = timelines.getOrDefault(name,
                new FailoverTimeline(episode.detectedAt(), null, null, null, null, null, null));
        publish(EventType.FAILOVER_COMPLETED, clock.instant(), new FailoverCompleted(name, episode.uid(), timeline,
                episode.podsDeleted(), episode.podsNeedingRestart(), Boolean.TRUE.equals(episode.autoDelete())),
                name, episode.uid());
        metrics.episode(result);
        LOG.infof("volume %s: failover episode %s completed (%s)", name, episode.uid(), result.name().toLowerCase());
        forget(name);
    }

    private List<Pod> workloadPods(String volume) {
        Optional<ObjectReference> claim = claims.claimOf(volume);
        return claim.map(c -> pods.podsMounting(c.getNamespace(), c.getName())).orElse(List.of());
    }

    private List<WorkloadPodView> workloadViews(String volume) {
        Map<String, Boolean> ready = new ConcurrentHashMap<>();
        return workloadPods(volume).stream()
                .map(p -> PodViews.workload(p, node -> ready.computeIfAbsent(node, nodes::isReady)))
                .toList();
    }

    private ShareManagerPodView view(Pod pod) {
        var node = nodes.get(pod.getSpec() == null ? null : pod.getSpec().getNodeName());
        return PodViews.shareManager(pod, node.isPresent(), node.map(NodeGateway::isReady).orElse(false));
    }

    private void publish(EventType type, Instant time, EventData data, String... idParts) {
        sink.publish(CloudEvent.of(EventIds.deterministic(type, idParts), config.source(), time, data));
    }

    private void timeline(String volume, Episode episode,
            java.util.function.UnaryOperator<FailoverTimeline> change) {
        timelines.compute(volume, (k, t) -> change.apply(t != null ? t
                : new FailoverTimeline(episode.detectedAt(), null, null, null, null, null, null)));
    }

    /** Sets the given (non-null) fields that are not set yet. */
    private static FailoverTimeline with(FailoverTimeline t, Instant oldPodRemoved, Instant replacementCreated,
            Instant replacementReady, Instant remountRequested, Instant workloadsDeleted, Instant workloadsRunning) {
        return new FailoverTimeline(t.detected(),
                t.oldPodRemoved() != null ? t.oldPodRemoved() : oldPodRemoved,
                t.replacementCreated() != null ? t.replacementCreated() : replacementCreated,
                t.replacementReady() != null ? t.replacementReady() : replacementReady,
                t.remountRequested() != null ? t.remountRequested() : remountRequested,
                t.workloadsDeleted() != null ? t.workloadsDeleted() : workloadsDeleted,
                t.workloadsRunning() != null ? t.workloadsRunning() : workloadsRunning);
    }

    /**
     * Runs a step for one volume at a time; a 409 (someone changed the volume) re-reads and retries, a transient
     * API error retries with backoff; after {@code maxAttempts} the error propagates (the record is
     * dead-lettered; the periodic pass heals the episode later).
     */
    private <T> T withRetries(String volume, Supplier<T> step) {
        Object lock = locks.computeIfAbsent(volume, v -> new Object());
        synchronized (lock) {
            long backoff = 100;
            for (int attempt = 1; ; attempt++) {
                try {
                    return step.get();
                } catch (KubernetesClientException e) {
                    boolean retriable = e.getCode() == 409 || e.getCode() == 0 || e.getCode() == 429
                            || e.getCode() >= 500;
                    if (!retriable || attempt >= config.maxAttempts()) {
                        LOG.errorf("volume %s: failover step failed after %d attempt(s): %s", volume, attempt,
                                e.getMessage());
                        throw e;
                    }
                    LOG.debugf("volume %s: attempt %d hit %d, retrying", volume, attempt, e.getCode());
                    if (e.getCode() != 409) {
                        sleep(backoff);
                        backoff = Math.min(backoff * 2, 5_000);
                    }
                }
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String name(Volume volume) {
        return volume.getMetadata().getName();
    }
}
