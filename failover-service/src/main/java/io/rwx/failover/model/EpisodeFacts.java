package io.rwx.failover.model;

import io.rwx.events.common.FailureReason;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Everything one pass of the episode machine looks at, read from the API (informer cache, re-read before writes).
 *
 * @param rwx       the volume exists and is RWX
 * @param inUse     a workload uses the volume
 * @param recorded  the episode recorded on the Volume, or null
 * @param current   the volume's current share-manager pod, or null
 * @param failures  confirmed failures known in this pass (a confirmed report, the controller's failure record, the
 *                  current pod's own state), in that order
 * @param workloads the pods that mount the volume's PVC
 */
public record EpisodeFacts(Instant now, boolean rwx, boolean inUse, Episode recorded, ShareManagerPodSeen current,
        List<Failure> failures, List<WorkloadPodView> workloads, FailoverSettings settings,
        Duration replacementTimeout) {

    /** A confirmed failure of one share-manager pod. */
    public record Failure(ShareManagerPodSeen pod, FailureReason reason, Instant detectedAt, String explanation) {
    }

    public EpisodeFacts {
        failures = List.copyOf(failures);
        workloads = List.copyOf(workloads);
    }
}
