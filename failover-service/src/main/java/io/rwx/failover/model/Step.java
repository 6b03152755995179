package io.rwx.failover.model;

import java.util.List;

/** What the episode machine says to do next; the coordinator applies it and asks again. */
public sealed interface Step {

    /** Nothing to do for this volume. */
    record Nothing(String why) implements Step {
    }

    /** Record a new episode (before anything else, so a restart resumes it). */
    record Open(Episode episode, String explanation) implements Step {
    }

    /** Stamp {@code status.remountRequestedAt} (once) and announce the remount request, then wait for the replacement. */
    record Stamp(Episode episode) implements Step {
    }

    /** Wait: a later trigger or the periodic pass asks again. */
    record Wait(String why) implements Step {
    }

    /** The replacement is late: report the episode stalled (once). */
    record Stall(Episode stalled) implements Step {
    }

    /**
     * The replacement serves: record the decision (it is made once), warn about pods that need a manual restart,
     * and with auto-delete off complete the episode.
     */
    record Decide(Episode decided, RemountDecision decision) implements Step {
    }

    /** Delete the workload pods the rule still selects (level-based: after a crash, only what is left). */
    record Delete(Episode episode, List<RemountDecision.Deletion> deletions) implements Step {
    }

    /** The episode is over. */
    record Complete(Episode episode, Result result) implements Step {
    }

    enum Result { COMPLETED, DISABLED, ABANDONED }
}
