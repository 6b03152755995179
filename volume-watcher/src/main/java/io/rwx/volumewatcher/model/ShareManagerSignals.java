package io.rwx.volumewatcher.model;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.rwx.events.common.FailureReason;
import io.rwx.kit.model.Pods;
import io.rwx.kit.model.ShareManagerPods;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a share-manager pod's current state says: started, ready, failed (the shared classifier's verdict, with its
 * reason and the time the objects record), stopped. Pure and level-based: the caller de-duplicates by the
 * (deterministic) id of each signal, so a signal is published once per pod however many informer updates show it.
 */
public final class ShareManagerSignals {

    public enum Kind { STARTED, READY, FAILED, STOPPED }

    /** One signal about one pod incarnation; {@code since} is when it happened if the objects say, else null. */
    public record Signal(Kind kind, String volume, String pod, String podUid, String node, FailureReason reason,
            String message, Instant since) {
    }

    private ShareManagerSignals() {
    }

    /** @param node the pod's Node, or null when it does not exist */
    public static List<Signal> ofPod(String volume, Pod pod, Node node) {
        List<Signal> signals = new ArrayList<>();
        String nodeName = Pods.node(pod);
        if (nodeName != null) {
            signals.add(signal(Kind.STARTED, volume, pod, null, null, null));
        }
        if (Pods.runningAndReady(pod)) {
            signals.add(signal(Kind.READY, volume, pod, null, null, null));
        }
        ShareManagerPods.Verdict verdict = ShareManagerPods.classify(pod, node);
        if (verdict.failed()) {
            signals.add(signal(Kind.FAILED, volume, pod, verdict.reason(), verdict.explanation(), verdict.since()));
        }
        return signals;
    }

    /** The pod is gone: a failure unless share-manager-controller stopped it on purpose. */
    public static Signal ofDeletedPod(String volume, Pod lastState, Node node) {
        ShareManagerPods.Verdict verdict = ShareManagerPods.classifyDeleted(lastState, node);
        return verdict.failed() ? signal(Kind.FAILED, volume, lastState, verdict.reason(), verdict.explanation(),
                verdict.since()) : signal(Kind.STOPPED, volume, lastState, null, verdict.explanation(), null);
    }

    private static Signal signal(Kind kind, String volume, Pod pod, FailureReason reason, String message, Instant since) {
        return new Signal(kind, volume, pod.getMetadata().getName(), pod.getMetadata().getUid(), Pods.node(pod), reason,
                message, since);
    }
}
