package io.rwx.failover.model;

import java.util.List;

/** What {@link RemountRule} decided for each workload pod of the volume. */
public record RemountDecision(List<Deletion> deletions, List<RestartNeeded> restartsNeeded, List<Skipped> skipped) {

    public enum Why { NO_CONTROLLER_OWNER, AUTO_DELETE_DISABLED, OWNER_BLACKLISTED }

    public record Deletion(WorkloadPodView pod, long gracePeriodSeconds, boolean forced) {
    }

    public record RestartNeeded(WorkloadPodView pod, Why why, String message) {
    }

    public record Skipped(WorkloadPodView pod, String why) {
    }

    public RemountDecision {
        deletions = List.copyOf(deletions);
        restartsNeeded = List.copyOf(restartsNeeded);
        skipped = List.copyOf(skipped);
    }
}
