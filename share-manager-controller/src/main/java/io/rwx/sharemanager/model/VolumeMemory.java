package io.rwx.sharemanager.model;

import io.rwx.kit.model.ShareManagerFailure;

import java.time.Instant;

/**
 * What the controller remembers of a volume between passes (in memory: a restarted controller starts afresh,
 * which is safe). Only the volume's lane reads and writes it.
 *
 * @param backoff        recreation backoff after failures
 * @param failedNode     the node of the last failed share-manager (its replacement prefers another node)
 * @param startingSince  when the share-manager last entered starting (for the start-duration metric)
 * @param lastUsedAt     the last pass that saw a workload use the volume (the stop delay counts from it)
 * @param lastPod        the share-manager pod last seen (uid, name, node), to record its failure once it is gone
 */
public record VolumeMemory(RecreationBackoff backoff, String failedNode, Instant startingSince, Instant lastUsedAt,
        PodSeen lastPod) {

    /** A share-manager pod incarnation the controller saw. */
    public record PodSeen(String uid, String name, String node) {
    }

    public static final VolumeMemory EMPTY = new VolumeMemory(RecreationBackoff.NONE, null, null, null, null);

    public VolumeMemory withBackoff(RecreationBackoff b) {
        return new VolumeMemory(b, failedNode, startingSince, lastUsedAt, lastPod);
    }

    public VolumeMemory withFailedNode(String node) {
        return new VolumeMemory(backoff, node == null ? failedNode : node, startingSince, lastUsedAt, lastPod);
    }

    public VolumeMemory withStartingSince(Instant at) {
        return new VolumeMemory(backoff, failedNode, at, lastUsedAt, lastPod);
    }

    public VolumeMemory withLastUsedAt(Instant at) {
        return new VolumeMemory(backoff, failedNode, startingSince, at, lastPod);
    }

    public VolumeMemory withLastPod(PodSeen pod) {
        return new VolumeMemory(backoff, failedNode, startingSince, lastUsedAt, pod == null ? lastPod : pod);
    }

    /**
     * The failure of the last pod seen to record on the ShareManager, or null when {@code decision} names none or
     * that pod's failure is {@code recorded} already.
     */
    public ShareManagerFailure failureToRecord(Decision decision, ShareManagerFailure recorded, Instant now) {
        if (decision.failure() == null || lastPod == null || recorded != null && lastPod.uid().equals(recorded.podUid())) {
            return null;
        }
        return new ShareManagerFailure(lastPod.uid(), lastPod.name(), lastPod.node(), decision.failure(), now);
    }
}
