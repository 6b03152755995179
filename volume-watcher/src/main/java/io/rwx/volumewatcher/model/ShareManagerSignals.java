package io.rwx.volumewatcher.model;

import io.fabric8.kubernetes.api.model.Pod;
import io.rwx.crds.ShareManagerState;
import io.rwx.events.common.FailureReason;

import java.util.ArrayList;
import java.util.List;

/**
 * What a share-manager pod's current state says: started, ready, failed (with the first reason that applies),
 * stopped. Pure and level-based: the caller de-duplicates by the (deterministic) id of each signal, so a signal
 * is published once per pod however many informer updates show it.
 */
public final class ShareManagerSignals {

    public enum Kind { STARTED, READY, FAILED, STOPPED }

    /** One signal about one pod incarnation. */
    public record Signal(Kind kind, String volume, String pod, String podUid, String node, FailureReason reason,
            String message) {
    }

    private ShareManagerSignals() {
    }

    /**
     * @param nodeReady Ready condition of the pod's node: "True", "False", "Unknown", or null when the node is gone
     */
    public static List<Signal> ofPod(String volume, Pod pod, String nodeReady) {
        List<Signal> signals = new ArrayList<>();
        String uid = pod.getMetadata().getUid();
        String name = pod.getMetadata().getName();
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        if (node != null) {
            signals.add(new Signal(Kind.STARTED, volume, name, uid, node, null, null));
        }
        if ("Running".equals(PodFacts.phase(pod)) && PodFacts.ready(pod)) {
            signals.add(new Signal(Kind.READY, volume, name, uid, node, null, null));
        }
        var terminated = PodFacts.terminated(pod);
        if ("Failed".equals(PodFacts.phase(pod))) {
            signals.add(failed(volume, pod, FailureReason.POD_FAILED, "pod phase Failed" + terminated.map(t -> ", " + t)
                    .orElse("")));
        } else if (terminated.isPresent()) {
            signals.add(failed(volume, pod, FailureReason.CONTAINER_EXITED, "share-manager container " + terminated.get()));
        } else if (node != null && nodeReady == null) {
            signals.add(failed(volume, pod, FailureReason.NODE_LOST, "node " + node + " is gone"));
        } else if (node != null && !"True".equals(nodeReady)) {
            signals.add(failed(volume, pod, FailureReason.NODE_NOT_READY, "node " + node + " is Ready=" + nodeReady));
        }
        return signals;
    }

    /** The pod was deleted: a failure if its ShareManager still wanted it, else a stop. */
    public static Signal ofDeletedPod(String volume, Pod pod, ShareManagerState wanted) {
        boolean stillWanted = wanted == ShareManagerState.STARTING || wanted == ShareManagerState.RUNNING;
        return stillWanted ? failed(volume, pod, FailureReason.POD_DELETED, "pod deleted while its ShareManager is "
                + wanted.value())
                : new Signal(Kind.STOPPED, volume, pod.getMetadata().getName(), pod.getMetadata().getUid(),
                        pod.getSpec() == null ? null : pod.getSpec().getNodeName(), null, null);
    }

    private static Signal failed(String volume, Pod pod, FailureReason reason, String message) {
        return new Signal(Kind.FAILED, volume, pod.getMetadata().getName(), pod.getMetadata().getUid(),
                pod.getSpec() == null ? null : pod.getSpec().getNodeName(), reason, message);
    }
}
