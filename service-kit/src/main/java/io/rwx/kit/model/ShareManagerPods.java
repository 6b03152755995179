package io.rwx.kit.model;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.rwx.crds.Longhorn;
import io.rwx.events.common.FailureReason;

import java.time.Instant;
import java.util.Map;

/**
 * The one judge of a share-manager pod (pure): is it starting, serving, stopping on purpose, or failed, and why.
 * volume-watcher (what it reports), share-manager-controller (what it replaces) and failover-service (what it
 * confirms) all ask this class, so they cannot disagree. The rows, in order, are table-tested:
 * <ol>
 *   <li>phase {@code Failed} → failed, {@code pod-failed};</li>
 *   <li>the {@code share-manager} container terminated (restartPolicy Never: final) → failed,
 *       {@code container-exited};</li>
 *   <li>scheduled on a node that does not exist → failed, {@code node-lost};</li>
 *   <li>its node reports Ready=False or Unknown → failed, {@code node-not-ready}; a node <em>without</em> a Ready
 *       condition (just registered) is not evidence of anything and does not fail the pod;</li>
 *   <li>being deleted: by share-manager-controller on purpose (the pod carries {@link #STOP_ANNOTATION}) →
 *       stopping; by anyone else → failed, {@code pod-deleted};</li>
 *   <li>Running and Ready → serving;</li>
 *   <li>otherwise (Pending, not Ready yet) → starting.</li>
 * </ol>
 */
public final class ShareManagerPods {

    /**
     * Set by share-manager-controller on a share-manager pod just before it deletes it on purpose (no workload
     * uses the volume any more, the volume left RWX or was deleted): its value is the reason. A pod that
     * disappears with it was stopped, not failed.
     */
    public static final String STOP_ANNOTATION = "sharemanager.rwx.io/stop-reason";

    public enum Health { STARTING, SERVING, STOPPING, FAILED }

    /**
     * The verdict: a health, and for a failure its reason, a sentence that says what was seen, and when the failure
     * happened as the objects themselves record it ({@code since}: the container's finishedAt, the pod's or its
     * node's Ready transition, the deletion request), or null when they do not say. Every service that finds the
     * failure, whenever it looks, therefore dates it the same.
     */
    public record Verdict(Health health, FailureReason reason, String explanation, Instant since) {

        public Verdict(Health health, FailureReason reason, String explanation) {
            this(health, reason, explanation, null);
        }

        public boolean failed() {
            return health == Health.FAILED;
        }

        static Verdict of(Health health, String explanation) {
            return new Verdict(health, null, explanation, null);
        }

        static Verdict failed(FailureReason reason, String explanation, Instant since) {
            return new Verdict(Health.FAILED, reason, explanation, since);
        }
    }

    private ShareManagerPods() {
    }

    /**
     * @param pod  the share-manager pod as the API shows it
     * @param node the Node it is scheduled on, or null when that Node does not exist (ignored while unscheduled)
     */
    public static Verdict classify(Pod pod, Node node) {
        String phase = Pods.phase(pod);
        String nodeName = Pods.node(pod);
        if ("Failed".equals(phase)) {
            return Verdict.failed(FailureReason.POD_FAILED, "pod phase is Failed" + exit(pod),
                    finishedAt(pod).orElseGet(() -> readyTransition(pod)));
        }
        var terminated = Pods.terminated(pod, Longhorn.SHARE_MANAGER_CONTAINER);
        if (terminated.isPresent()) {
            return Verdict.failed(FailureReason.CONTAINER_EXITED, "the share-manager container terminated" + exit(pod),
                    finishedAt(pod).orElse(null));
        }
        if (nodeName != null) {
            Nodes.Readiness readiness = Nodes.readiness(node);
            if (readiness == Nodes.Readiness.GONE) {
                return Verdict.failed(FailureReason.NODE_LOST, "node " + nodeName + " is gone", null);
            }
            if (readiness.down()) {
                return Verdict.failed(FailureReason.NODE_NOT_READY, "node " + nodeName + " is "
                        + (readiness == Nodes.Readiness.NOT_READY ? "NotReady" : "Ready=Unknown"), Nodes.readySince(node));
            }
        }
        if (Pods.terminating(pod)) {
            return stopReason(pod) != null ? Verdict.of(Health.STOPPING, "stopped on purpose: " + stopReason(pod))
                    : Verdict.failed(FailureReason.POD_DELETED, "the pod is being deleted", deletionRequested(pod));
        }
        if (Pods.runningAndReady(pod)) {
            return Verdict.of(Health.SERVING, "Running and Ready");
        }
        return Verdict.of(Health.STARTING, nodeName == null ? "not scheduled yet" : "phase " + phase + ", not Ready yet");
    }

    /**
     * A pod that is gone from the API, judged by its last known state: stopped if share-manager-controller
     * deleted it on purpose, failed ({@code pod-deleted}) otherwise, unless its last state already showed a
     * failure (then that failure).
     */
    public static Verdict classifyDeleted(Pod lastState, Node node) {
        Verdict last = classify(lastState, node);
        if (last.failed() && last.reason() != FailureReason.POD_DELETED) {
            return last;
        }
        String why = stopReason(lastState);
        return why != null ? Verdict.of(Health.STOPPING, "stopped on purpose: " + why)
                : Verdict.failed(FailureReason.POD_DELETED, "the pod was deleted while it was wanted",
                        deletionRequested(lastState));
    }

    /** The reason share-manager-controller gave when it deleted the pod on purpose, or null. */
    public static String stopReason(Pod pod) {
        Map<String, String> annotations = pod.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(STOP_ANNOTATION);
    }

    private static java.util.Optional<Instant> finishedAt(Pod pod) {
        return Pods.terminated(pod, Longhorn.SHARE_MANAGER_CONTAINER).map(t -> t.getFinishedAt())
                .filter(t -> t != null && !t.isBlank()).map(Pods::parse);
    }

    private static Instant readyTransition(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return null;
        }
        return pod.getStatus().getConditions().stream()
                .filter(c -> "Ready".equals(c.getType()) && !"True".equals(c.getStatus()))
                .map(c -> c.getLastTransitionTime()).filter(t -> t != null && !t.isBlank()).map(Pods::parse)
                .findFirst().orElse(null);
    }

    /** When deletion was requested: the deletion deadline minus the grace period it was given. */
    private static Instant deletionRequested(Pod pod) {
        String deadline = pod.getMetadata().getDeletionTimestamp();
        if (deadline == null || deadline.isBlank()) {
            return null;
        }
        Long grace = pod.getMetadata().getDeletionGracePeriodSeconds();
        return Pods.parse(deadline).minusSeconds(grace == null ? 0 : grace);
    }

    private static String exit(Pod pod) {
        return Pods.terminated(pod, Longhorn.SHARE_MANAGER_CONTAINER)
                .map(t -> " (exit code " + t.getExitCode() + (t.getReason() == null ? "" : ", " + t.getReason()) + ")")
                .orElse("");
    }
}
