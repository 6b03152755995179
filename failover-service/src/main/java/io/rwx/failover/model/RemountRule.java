package io.rwx.failover.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Steps 3 to 5 of the failover rule: which workload pods of a volume are deleted after a share-manager failure,
 * and which are left to their owners with a warning. Pure: plain data in, a decision out. See DESIGN.md.
 */
public final class RemountRule {

    /** Grace period of a normal workload pod deletion. */
    public static final long GRACE_PERIOD_SECONDS = 30;

    private RemountRule() {
    }

    public static RemountDecision decide(List<WorkloadPodView> pods, Instant remountRequestedAt,
            FailoverSettings settings) {
        List<RemountDecision.Deletion> deletions = new ArrayList<>();
        List<RemountDecision.RestartNeeded> restarts = new ArrayList<>();
        List<RemountDecision.Skipped> skipped = new ArrayList<>();

        for (WorkloadPodView pod : pods) {
            if (pod.finished()) {
                skipped.add(new RemountDecision.Skipped(pod, "finished (Succeeded or Failed): it holds no mount"));
            } else if (pod.terminating()) {
                skipped.add(new RemountDecision.Skipped(pod, "already terminating"));
            } else if (pod.startTime() == null) {
                skipped.add(new RemountDecision.Skipped(pod, "not started yet: it will mount the new share-manager"));
            } else if (!pod.startTime().isBefore(remountRequestedAt)) {
                skipped.add(new RemountDecision.Skipped(pod, "started at or after the remount request"));
            } else if (!settings.autoDelete()) {
                restarts.add(new RemountDecision.RestartNeeded(pod, RemountDecision.Why.AUTO_DELETE_DISABLED,
                        "auto-delete-pod-when-volume-detached-unexpectedly is false: pod " + pod.fullName()
                                + " may see I/O errors until it is restarted"));
            } else if (!pod.hasController()) {
                restarts.add(new RemountDecision.RestartNeeded(pod, RemountDecision.Why.NO_CONTROLLER_OWNER,
                        "pod " + pod.fullName() + " has no controller owner and is not deleted automatically: "
                                + "restart it so that it remounts the volume"));
            } else if (settings.isBlacklisted(pod.controllerGroupKind())) {
                restarts.add(new RemountDecision.RestartNeeded(pod, RemountDecision.Why.OWNER_BLACKLISTED,
                        "pod " + pod.fullName() + " is owned by " + pod.controllerGroupKind()
                                + ", which is in the auto-delete blacklist: restart it so that it remounts the volume"));
            } else if (!pod.nodeReady()) {
                boolean force = settings.nodeDownPolicy().allowsForceDelete(pod.controllerGroupKind());
                // a pod on a down node cannot terminate gracefully; without the policy's consent it is deleted
                // gracefully anyway and stays Terminating until its node returns (Kubernetes' own behaviour)
                deletions.add(new RemountDecision.Deletion(pod, force ? 0 : GRACE_PERIOD_SECONDS, force));
            } else {
                deletions.add(new RemountDecision.Deletion(pod, GRACE_PERIOD_SECONDS, false));
            }
        }
        return new RemountDecision(deletions, restarts, skipped);
    }
}
