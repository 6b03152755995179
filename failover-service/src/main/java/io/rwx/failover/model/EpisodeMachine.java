package io.rwx.failover.model;

import java.util.List;

/**
 * The failover rule as a state machine: {@code next(facts) -> step}, pure and level-based (the same facts give the
 * same step however often asked, so redelivered, late and duplicated triggers change nothing). See DESIGN.md.
 * <pre>
 *   (confirmed failure of a new pod) ─Open─▶ OPENED ─Stamp─▶ WAITING_FOR_REPLACEMENT ─(late)─Stall─▶ STALLED
 *                                                              │ replacement Running and Ready │
 *                                                              └──────────Decide───────────────┘
 *                                                      auto-delete on ▼          ▼ off
 *                                  RESTARTING_WORKLOADS ─Delete…─(running again)─Complete─▶ COMPLETED
 * </pre>
 */
public final class EpisodeMachine {

    private EpisodeMachine() {
    }

    public static Step next(EpisodeFacts f) {
        Episode e = f.recorded();
        if (!f.rwx()) {
            return e != null && e.phase().open() ? new Step.Complete(e, Step.Result.ABANDONED)
                    : new Step.Nothing("not an RWX volume");
        }
        for (EpisodeFacts.Failure failure : f.failures()) {
            if (f.inUse() && Episode.opensNewEpisode(e, failure.pod().uid(), failure.pod().createdAt(),
                    failure.detectedAt(), f.now())) {
                return new Step.Open(Episode.open(failure.pod().uid(), failure.detectedAt(), failure.pod().name(),
                        failure.pod().node(), failure.reason().name()), failure.explanation());
            }
        }
        if (e == null || !e.phase().open()) {
            return new Step.Nothing(f.inUse() || f.failures().isEmpty() ? "no failure to act on"
                    : "the volume is not in use");
        }
        return switch (e.phase()) {
            case OPENED -> new Step.Stamp(e);
            case WAITING_FOR_REPLACEMENT, STALLED -> awaitReplacement(f, e);
            case RESTARTING_WORKLOADS -> restartWorkloads(f, e);
            case COMPLETED -> new Step.Nothing("completed");
        };
    }

    /** Step 4: nothing is deleted before a replacement (another UID) serves; a late one is reported once. */
    private static Step awaitReplacement(EpisodeFacts f, Episode e) {
        if (replacementServes(f.current(), e.uid())) {
            RemountDecision decision = RemountRule.decide(f.workloads(), e.detectedAt(), f.settings());
            boolean autoDelete = f.settings().autoDelete();
            return new Step.Decide(e.withDecision(decision.deletions().size(), decision.restartsNeeded().size(),
                    autoDelete, autoDelete ? Episode.Phase.RESTARTING_WORKLOADS : Episode.Phase.COMPLETED), decision);
        }
        if (e.phase() == Episode.Phase.WAITING_FOR_REPLACEMENT
                && !f.now().isBefore(e.detectedAt().plus(f.replacementTimeout()))) {
            return new Step.Stall(e.withPhase(Episode.Phase.STALLED));
        }
        return new Step.Wait("no Running and Ready replacement share-manager yet");
    }

    private static Step restartWorkloads(EpisodeFacts f, Episode e) {
        if (f.settings().autoDelete()) {
            List<RemountDecision.Deletion> left = RemountRule.decide(f.workloads(), e.detectedAt(), f.settings())
                    .deletions();
            if (!left.isEmpty()) {
                return new Step.Delete(e, left);
            }
        }
        List<WorkloadPodView> owned = f.workloads().stream()
                .filter(p -> p.hasController() && !p.terminating() && !p.finished()).toList();
        long replaced = owned.stream().filter(p -> p.startTime() != null && !p.startTime().isBefore(e.detectedAt())
                && p.running() && p.ready()).count();
        boolean allRunning = owned.stream().allMatch(p -> p.running() && p.ready());
        if (allRunning && replaced >= e.podsDeleted()) {
            return new Step.Complete(e, Step.Result.COMPLETED);
        }
        if (owned.isEmpty() && !f.now().isBefore(e.detectedAt().plus(f.replacementTimeout()))) {
            return new Step.Complete(e, Step.Result.COMPLETED); // the workloads are gone (scaled to zero, deleted)
        }
        return new Step.Wait("workloads are not running again yet");
    }

    /** Step 4's gate: a pod other than the failed one (another UID) is Running, Ready and not terminating. */
    public static boolean replacementServes(ShareManagerPodSeen current, String failedUid) {
        return current != null && !current.gone() && !current.uid().equals(failedUid)
                && current.verdict().health() == io.rwx.kit.model.ShareManagerPods.Health.SERVING;
    }
}
