package io.rwx.failover;

import io.rwx.events.failover.FailoverTimeline;
import io.rwx.failover.metrics.FailoverMetrics;
import io.rwx.failover.model.Episode;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The timeline of each open episode (detected, old pod removed, replacement created and ready, remount requested,
 * workloads deleted, workloads running again), each phase also observed as a histogram measured from detection.
 * In memory: after a restart a resumed episode's timeline has its detection time and what is observed from then on.
 */
@ApplicationScoped
public class Timelines {

    public enum Mark { OLD_POD_REMOVED, REPLACEMENT_CREATED, REPLACEMENT_READY, REMOUNT_REQUESTED, WORKLOADS_DELETED,
        WORKLOADS_RUNNING }

    private final Map<String, FailoverTimeline> open = new ConcurrentHashMap<>();
    private final FailoverMetrics metrics;

    public Timelines(FailoverMetrics metrics) {
        this.metrics = metrics;
    }

    /** Marks {@code mark} at {@code at} unless already marked; the first mark of a phase is observed in the metrics. */
    public void mark(String volume, Episode episode, Mark mark, Instant at) {
        open.compute(volume, (k, t) -> {
            FailoverTimeline base = t != null && t.detected().equals(episode.detectedAt()) ? t
                    : new FailoverTimeline(episode.detectedAt(), null, null, null, null, null, null);
            FailoverTimeline next = with(base, mark, at);
            if (next != base) {
                FailoverMetrics.Phase phase = switch (mark) {
                    case REMOUNT_REQUESTED -> FailoverMetrics.Phase.REMOUNT_REQUESTED;
                    case REPLACEMENT_READY -> FailoverMetrics.Phase.REPLACEMENT_READY;
                    case WORKLOADS_DELETED -> FailoverMetrics.Phase.WORKLOADS_DELETED;
                    case WORKLOADS_RUNNING -> FailoverMetrics.Phase.WORKLOADS_RUNNING;
                    default -> null;
                };
                if (phase != null) {
                    metrics.phase(phase, Duration.between(episode.detectedAt(), at));
                }
            }
            return next;
        });
    }

    public FailoverTimeline of(String volume, Episode episode) {
        FailoverTimeline t = open.get(volume);
        return t != null && t.detected().equals(episode.detectedAt()) ? t
                : new FailoverTimeline(episode.detectedAt(), null, null, null, null, null, null);
    }

    public void forget(String volume) {
        open.remove(volume);
    }

    private static FailoverTimeline with(FailoverTimeline t, Mark mark, Instant at) {
        return switch (mark) {
            case OLD_POD_REMOVED -> t.oldPodRemoved() != null ? t : new FailoverTimeline(t.detected(), at,
                    t.replacementCreated(), t.replacementReady(), t.remountRequested(), t.workloadsDeleted(),
                    t.workloadsRunning());
            case REPLACEMENT_CREATED -> t.replacementCreated() != null ? t : new FailoverTimeline(t.detected(),
                    t.oldPodRemoved(), at, t.replacementReady(), t.remountRequested(), t.workloadsDeleted(),
                    t.workloadsRunning());
            case REPLACEMENT_READY -> t.replacementReady() != null ? t : new FailoverTimeline(t.detected(),
                    t.oldPodRemoved(), t.replacementCreated(), at, t.remountRequested(), t.workloadsDeleted(),
                    t.workloadsRunning());
            case REMOUNT_REQUESTED -> t.remountRequested() != null ? t : new FailoverTimeline(t.detected(),
                    t.oldPodRemoved(), t.replacementCreated(), t.replacementReady(), at, t.workloadsDeleted(),
                    t.workloadsRunning());
            case WORKLOADS_DELETED -> t.workloadsDeleted() != null ? t : new FailoverTimeline(t.detected(),
                    t.oldPodRemoved(), t.replacementCreated(), t.replacementReady(), t.remountRequested(), at,
                    t.workloadsRunning());
            case WORKLOADS_RUNNING -> t.workloadsRunning() != null ? t : new FailoverTimeline(t.detected(),
                    t.oldPodRemoved(), t.replacementCreated(), t.replacementReady(), t.remountRequested(),
                    t.workloadsDeleted(), at);
        };
    }
}
