package io.rwx.failover;

import io.fabric8.kubernetes.api.model.Pod;
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
import io.rwx.events.failover.RemountRequested;
import io.rwx.events.failover.RestartNeededReason;
import io.rwx.events.failover.WorkloadPodDeleted;
import io.rwx.events.failover.WorkloadRestartNeeded;
import io.rwx.failover.config.FailoverConfig;
import io.rwx.failover.kubernetes.EventRecorder;
import io.rwx.failover.kubernetes.PodGateway;
import io.rwx.failover.kubernetes.VolumeGateway;
import io.rwx.failover.messaging.FailoverEventSink;
import io.rwx.failover.metrics.FailoverMetrics;
import io.rwx.failover.model.Episode;
import io.rwx.failover.model.EpisodeFacts;
import io.rwx.failover.model.RemountDecision;
import io.rwx.failover.model.Step;
import io.rwx.failover.model.WorkloadPodView;
import io.rwx.kit.kubernetes.ClusterCache;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Applies the steps of the episode machine: writes (episode record, stamp, workload deletions), Kubernetes
 * Events, and the failover events. Each step's durable record is written first, so a retry or a restart never
 * takes a step twice.
 */
@ApplicationScoped
public class EpisodeActions {

    private static final Logger LOG = Logger.getLogger(EpisodeActions.class);

    private final FailoverConfig config;
    private final VolumeGateway volumes;
    private final PodGateway pods;
    private final ClusterCache cache;
    private final EventRecorder kubeEvents;
    private final FailoverEventSink sink;
    private final FailoverMetrics metrics;
    private final Timelines timelines;
    private final Clock clock = Clock.systemUTC();
    /** Workload pod deletions of an episode run side by side (each is a re-read and a delete). */
    private final ExecutorService deletions = Executors.newFixedThreadPool(8, r -> new Thread(r, "failover-delete"));

    public EpisodeActions(FailoverConfig config, VolumeGateway volumes, PodGateway pods, ClusterCache cache,
            EventRecorder kubeEvents, FailoverEventSink sink, FailoverMetrics metrics, Timelines timelines) {
        this.config = config;
        this.volumes = volumes;
        this.pods = pods;
        this.cache = cache;
        this.kubeEvents = kubeEvents;
        this.sink = sink;
        this.metrics = metrics;
        this.timelines = timelines;
    }

    /** Applies {@code step} on {@code basis} (the volume just read fresh or written); returns the volume after it. */
    public Volume apply(Volume basis, Step step, EpisodeFacts facts) {
        String name = basis.getMetadata().getName();
        if (step instanceof Step.Open open) {
            Episode e = open.episode();
            LOG.infof("volume %s: failover episode %s opened (%s: %s), detected at %s", name, e.uid(), e.reason(),
                    open.explanation(), e.detectedAt());
            metrics.episode(FailoverMetrics.Result.STARTED);
            return record(basis, e);
        }
        if (step instanceof Step.Stamp stamp) {
            return stamp(basis, stamp.episode());
        }
        if (step instanceof Step.Stall stall) {
            return stall(basis, stall.stalled());
        }
        if (step instanceof Step.Decide decide) {
            return decide(basis, decide, facts);
        }
        if (step instanceof Step.Delete delete) {
            delete(name, delete);
            return basis;
        }
        Step.Complete complete = (Step.Complete) step;
        return complete(basis, complete.episode(), complete.result());
    }

    /** Marks what a waiting pass sees: the failed pod gone, the replacement created. */
    public void observe(String volume, EpisodeFacts facts) {
        Episode e = facts.recorded();
        if (e == null || !e.phase().waitingForReplacement()) {
            return;
        }
        Instant now = clock.instant();
        if (facts.current() == null || !facts.current().uid().equals(e.uid())) {
            timelines.mark(volume, e, Timelines.Mark.OLD_POD_REMOVED, now);
        }
        if (facts.current() != null && !facts.current().uid().equals(e.uid())) {
            Instant created = facts.current().createdAt();
            timelines.mark(volume, e, Timelines.Mark.REPLACEMENT_CREATED, created != null ? created : now);
        }
    }

    private Volume record(Volume basis, Episode episode) {
        return volumes.reconcile(basis, VolumeGateway.Owned.episode(episode, basis)).object();
    }

    /** Step 2: the stamp is the episode's detection time, written once; then the remount request is announced. */
    private Volume stamp(Volume basis, Episode e) {
        String name = basis.getMetadata().getName();
        Volume stamped = volumes.reconcile(basis, VolumeGateway.Owned.stamp(e.detectedAt())).object();
        Instant now = clock.instant();
        timelines.mark(name, e, Timelines.Mark.REMOUNT_REQUESTED, now);
        kubeEvents.normal(stamped, "RemountRequested", "share-manager pod " + e.failedPod() + " failed ("
                + e.reason().toLowerCase() + "); remount requested at " + e.detectedAt(), e.uid());
        LOG.infof("volume %s: status.remountRequestedAt = %s (episode %s)", name, e.detectedAt(), e.uid());
        publish(EventType.FAILOVER_REMOUNT_REQUESTED, e.detectedAt(), new RemountRequested(name, e.uid(),
                e.detectedAt(), e.failedPod(), e.failedNode(), FailureReason.valueOf(e.reason())), name, e.uid());
        return record(stamped, e.withPhase(Episode.Phase.WAITING_FOR_REPLACEMENT));
    }

    private Volume stall(Volume basis, Episode e) {
        String name = basis.getMetadata().getName();
        long timeout = config.replacementTimeout().toSeconds();
        String message = "no Running and Ready replacement share-manager for volume " + name + " within " + timeout
                + "s of the failure of pod " + e.failedPod() + "; no workload pod is deleted until there is one";
        Volume written = record(basis, e);
        LOG.warnf("volume %s: failover episode %s stalled: %s", name, e.uid(), message);
        metrics.episode(FailoverMetrics.Result.STALLED);
        kubeEvents.warning(written, "FailoverStalled", message, e.uid());
        publish(EventType.FAILOVER_STALLED, clock.instant(), new FailoverStalled(name, e.uid(), "replacement-ready",
                e.detectedAt(), timeout, message), name, e.uid(), "stalled");
        return written;
    }

    /** The decision is made durable first: a retry or a restart never decides, or counts, twice. */
    private Volume decide(Volume basis, Step.Decide step, EpisodeFacts facts) {
        String name = basis.getMetadata().getName();
        Episode e = step.decided();
        RemountDecision decision = step.decision();
        timelines.mark(name, e, Timelines.Mark.REPLACEMENT_READY, clock.instant());
        Volume written = record(basis, e);
        LOG.infof("volume %s: episode %s replacement ready -> %s (%d pod(s) to delete, %d left for a manual restart)",
                name, e.uid(), e.phase(), decision.deletions().size(), decision.restartsNeeded().size());
        decision.restartsNeeded().forEach(r -> restartNeeded(name, e, r));
        decision.skipped().forEach(s -> LOG.debugf("volume %s: pod %s left alone: %s", name, s.pod().fullName(), s.why()));
        if (!Boolean.TRUE.equals(e.autoDelete())) {
            cache.claimOf(name).ifPresent(pvc -> kubeEvents.warning(pvc, "WorkloadsMayFail", "share-manager of volume "
                    + name + " failed over and auto-delete-pod-when-volume-detached-unexpectedly is false: "
                    + decision.restartsNeeded().size() + " workload pod(s) were not restarted and may see I/O errors "
                    + "until restarted", e.uid()));
            published(name, e, FailoverMetrics.Result.DISABLED);
        }
        return written;
    }

    /**
     * The episode's deletions at once (each pod re-read first, by its gateway), then their events in one round trip:
     * a volume's workloads come back together instead of one API round trip after another.
     */
    private void delete(String volume, Step.Delete step) {
        Episode e = step.episode();
        List<CompletableFuture<Boolean>> deleted = step.deletions().stream().map(d -> CompletableFuture.supplyAsync(
                () -> pods.reconcile(d.pod().namespace(), d.pod().name(),
                        new PodGateway.Gone(d.pod().uid(), d.gracePeriodSeconds())).changed(), deletions)).toList();
        List<CloudEvent<?>> events = new ArrayList<>();
        RuntimeException failed = null;
        for (int i = 0; i < deleted.size(); i++) {
            RemountDecision.Deletion d = step.deletions().get(i);
            try {
                if (!deleted.get(i).join()) {
                    continue;
                }
            } catch (CompletionException ex) {
                failed = failed != null ? failed : ex.getCause() instanceof RuntimeException r ? r : ex;
                continue; // the others' deletions stand; the retry re-reads and deletes what is left
            }
            WorkloadPodView pod = d.pod();
            LOG.infof("volume %s: deleted workload pod %s (grace %ds%s) so that %s recreates it and it remounts", volume,
                    pod.fullName(), d.gracePeriodSeconds(), d.forced() ? ", forced: node down" : "",
                    pod.controllerGroupKind());
            metrics.podDeleted(d.forced());
            String[] gk = pod.controllerGroupKind().split("/", 2);
            events.add(event(EventType.FAILOVER_WORKLOAD_POD_DELETED, clock.instant(), new WorkloadPodDeleted(volume,
                    e.uid(), new PodRef(pod.namespace(), pod.name(), pod.uid(), pod.node()), new ControllerOwner(gk[0],
                    gk[1], pod.controllerName()), d.gracePeriodSeconds(), d.forced()), volume, e.uid(), pod.uid()));
        }
        if (!events.isEmpty()) {
            timelines.mark(volume, e, Timelines.Mark.WORKLOADS_DELETED, clock.instant());
            sink.publishAll(events);
        }
        if (failed != null) {
            throw failed;
        }
    }

    private void restartNeeded(String volume, Episode e, RemountDecision.RestartNeeded restart) {
        WorkloadPodView pod = restart.pod();
        RestartNeededReason reason = RestartNeededReason.valueOf(restart.why().name());
        LOG.warnf("volume %s: %s", volume, restart.message());
        metrics.restartNeeded(FailoverMetrics.reason(reason));
        if (reason != RestartNeededReason.AUTO_DELETE_DISABLED) {
            cache.pod(pod.namespace(), pod.name()).ifPresent((Pod p) -> kubeEvents.warning(p, "RemountRequired",
                    restart.message(), e.uid()));
        }
        publish(EventType.FAILOVER_WORKLOAD_RESTART_NEEDED, clock.instant(), new WorkloadRestartNeeded(volume, e.uid(),
                new PodRef(pod.namespace(), pod.name(), pod.uid(), pod.node()), reason, restart.message()), volume,
                e.uid(), pod.uid());
    }

    private Volume complete(Volume basis, Episode e, Step.Result result) {
        String name = basis.getMetadata().getName();
        if (result == Step.Result.COMPLETED) {
            timelines.mark(name, e, Timelines.Mark.WORKLOADS_RUNNING, clock.instant());
        }
        Volume written = record(basis, e.withPhase(Episode.Phase.COMPLETED));
        published(name, e, result == Step.Result.COMPLETED ? FailoverMetrics.Result.COMPLETED
                : FailoverMetrics.Result.IGNORED);
        return written;
    }

    private void published(String volume, Episode e, FailoverMetrics.Result result) {
        publish(EventType.FAILOVER_COMPLETED, clock.instant(), new FailoverCompleted(volume, e.uid(),
                timelines.of(volume, e), e.podsDeleted(), e.podsNeedingRestart(), Boolean.TRUE.equals(e.autoDelete())),
                volume, e.uid());
        metrics.episode(result);
        LOG.infof("volume %s: failover episode %s completed (%s)", volume, e.uid(), result.name().toLowerCase());
        timelines.forget(volume);
    }

    private void publish(EventType type, Instant time, EventData data, String... idParts) {
        sink.publish(event(type, time, data, idParts));
    }

    private CloudEvent<?> event(EventType type, Instant time, EventData data, String... idParts) {
        return CloudEvent.of(EventIds.deterministic(type, idParts), config.source(), time, data);
    }

    @PreDestroy
    void stop() {
        deletions.shutdownNow();
    }
}
