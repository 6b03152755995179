package io.rwx.sharemanager.model;

import io.rwx.crds.ShareManagerState;

import static io.rwx.crds.ShareManagerState.ERROR;
import static io.rwx.crds.ShareManagerState.RUNNING;
import static io.rwx.crds.ShareManagerState.STARTING;
import static io.rwx.crds.ShareManagerState.STOPPED;
import static io.rwx.crds.ShareManagerState.STOPPING;

/**
 * The ShareManager state machine ({@code starting|running|stopping|stopped|error|unknown}), as one pure
 * function of the facts of a pass. Level-based: the same facts give the same decision, however often asked.
 */
public final class ShareManagerLifecycle {

    private ShareManagerLifecycle() {
    }

    public static Decision decide(Facts f) {
        Facts.PodFacts pod = f.pod();
        boolean wanted = f.inUse() && !f.faulted();

        if (!wanted) {
            String why = f.faulted() ? "volume-faulted" : "no-workloads";
            if (pod == null) {
                return new Decision(STOPPED, Decision.PodAction.NONE, why);
            }
            if (pod.terminating()) {
                return new Decision(STOPPING, Decision.PodAction.NONE, why);
            }
            return new Decision(STOPPING, pod.nodeLost() ? Decision.PodAction.FORCE_DELETE : Decision.PodAction.DELETE,
                    why);
        }

        if (pod == null) {
            boolean wasServing = f.current() == STARTING || f.current() == RUNNING;
            if (wasServing) {
                // gone while wanted: a failure; the next pass recreates it once the backoff allows
                return new Decision(ERROR, Decision.PodAction.NONE, "pod-deleted");
            }
            if (f.current() == ERROR && !f.backoffElapsed()) {
                return new Decision(ERROR, Decision.PodAction.NONE, "backoff");
            }
            return new Decision(STARTING, Decision.PodAction.CREATE,
                    f.current() == ERROR ? "recreated" : "in-use");
        }

        if (pod.terminating()) {
            // being removed (by us after a failure, or by someone): wait for it to go
            ShareManagerState state = f.current() == RUNNING ? ERROR
                    : f.current() == null || f.current() == STOPPED || f.current() == STOPPING ? STARTING : f.current();
            return new Decision(state, Decision.PodAction.NONE, "pod-terminating");
        }
        if (f.failureReported() || pod.failed()) {
            String why = f.failureReported() && !pod.failed() ? "failure-reported"
                    : "Failed".equals(pod.phase()) ? "pod-failed" : pod.containerTerminated() ? "container-exited"
                    : !pod.nodeExists() ? "node-lost" : "node-not-ready";
            return new Decision(ERROR, pod.nodeLost() ? Decision.PodAction.FORCE_DELETE : Decision.PodAction.DELETE,
                    why);
        }
        if (pod.runningAndReady() && f.volumeAttachedToPodNode() && f.serviceHasClusterIP()) {
            return new Decision(RUNNING, Decision.PodAction.NONE, "pod-ready");
        }
        return new Decision(STARTING, Decision.PodAction.NONE,
                !pod.scheduled() ? "pod-pending" : !f.volumeAttachedToPodNode() ? "attaching-volume"
                        : !pod.runningAndReady() ? "pod-not-ready" : "awaiting-cluster-ip");
    }
}
