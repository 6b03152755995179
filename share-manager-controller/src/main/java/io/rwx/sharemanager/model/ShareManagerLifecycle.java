package io.rwx.sharemanager.model;

import io.rwx.crds.ShareManagerState;
import io.rwx.kit.model.ShareManagerPods.Health;

import static io.rwx.crds.ShareManagerState.ERROR;
import static io.rwx.crds.ShareManagerState.RUNNING;
import static io.rwx.crds.ShareManagerState.STARTING;
import static io.rwx.crds.ShareManagerState.STOPPED;
import static io.rwx.crds.ShareManagerState.STOPPING;

/**
 * The ShareManager state machine ({@code starting|running|stopping|stopped|error|unknown}), as one pure
 * function of the facts of a pass. Level-based: the same facts give the same decision, however often asked.
 * Whether the pod failed is the shared classifier's verdict ({@code ShareManagerPods}), not this class's.
 */
public final class ShareManagerLifecycle {

    private ShareManagerLifecycle() {
    }

    public static Decision decide(Facts f) {
        Facts.PodFacts pod = f.pod();
        if (!f.inUse() || f.faulted()) {
            return stop(f, pod, f.faulted() ? "volume-faulted" : "no-workloads");
        }
        if (pod == null) {
            if (f.current() == STARTING || f.current() == RUNNING) {
                // gone while wanted: a failure; the next pass recreates it once the backoff allows
                return new Decision(ERROR, Decision.PodAction.NONE, false, "pod-deleted",
                        io.rwx.events.common.FailureReason.POD_DELETED);
            }
            if (f.current() == ERROR && !f.backoffElapsed()) {
                return Decision.of(ERROR, Decision.PodAction.NONE, "backoff");
            }
            return Decision.of(STARTING, Decision.PodAction.CREATE, f.current() == ERROR ? "recreated" : "in-use");
        }
        Health health = pod.verdict().health();
        if (health == Health.FAILED || f.failureConfirmed()) {
            String why = health == Health.FAILED ? reason(pod) : "failure-reported";
            if (pod.terminating()) {
                // being removed (by us after the failure, or by someone): wait for it to go
                return new Decision(ERROR, Decision.PodAction.NONE, false,
                        health == Health.FAILED ? why : "pod-terminating", pod.verdict().reason());
            }
            return new Decision(ERROR, Decision.PodAction.REPLACE, pod.nodeDown(), why,
                    health == Health.FAILED ? pod.verdict().reason() : io.rwx.events.common.FailureReason.EXTERNAL);
        }
        if (health == Health.STOPPING) {
            // stopped on purpose, wanted again: wait for the old pod to go, then start a new one
            return Decision.of(f.current() == RUNNING ? STOPPING : STARTING, Decision.PodAction.NONE, "pod-terminating");
        }
        if (health == Health.SERVING && f.volumeAttachedToPodNode() && f.serviceHasClusterIP()) {
            return Decision.of(RUNNING, Decision.PodAction.NONE, "pod-ready");
        }
        return Decision.of(STARTING, Decision.PodAction.NONE, !pod.scheduled() ? "pod-pending"
                : !f.volumeAttachedToPodNode() ? "attaching-volume"
                : health != Health.SERVING ? "pod-not-ready" : "awaiting-cluster-ip");
    }

    private static Decision stop(Facts f, Facts.PodFacts pod, String why) {
        if (pod == null) {
            return Decision.of(STOPPED, Decision.PodAction.NONE, why);
        }
        if (pod.terminating()) {
            return Decision.of(STOPPING, Decision.PodAction.NONE, why);
        }
        return new Decision(STOPPING, Decision.PodAction.STOP, pod.nodeDown(), why, null);
    }

    private static String reason(Facts.PodFacts pod) {
        return switch (pod.verdict().reason()) {
            case POD_FAILED -> "pod-failed";
            case CONTAINER_EXITED -> "container-exited";
            case NODE_LOST -> "node-lost";
            case NODE_NOT_READY -> "node-not-ready";
            case POD_DELETED -> "pod-deleted";
            default -> pod.verdict().reason().name().toLowerCase().replace('_', '-');
        };
    }
}
