package io.rwx.failover.model;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The share-manager pods this service saw per volume (their last known state), newest last, at most
 * {@value #PER_VOLUME} per volume. A failure report is about one of these, or about nothing. In memory: after a
 * restart it holds what the informers list (failed pods stay until share-manager-controller replaces them, and the
 * controller's failure record names the ones it replaced).
 */
public final class SeenPods {

    static final int PER_VOLUME = 4;

    private final Map<String, Deque<ShareManagerPodSeen>> byVolume = new ConcurrentHashMap<>();

    /** Records the latest state of a pod of {@code volume}. */
    public void saw(String volume, ShareManagerPodSeen pod) {
        Deque<ShareManagerPodSeen> pods = byVolume.computeIfAbsent(volume, v -> new ArrayDeque<>());
        synchronized (pods) {
            pods.removeIf(p -> p.uid().equals(pod.uid()));
            pods.addLast(pod);
            while (pods.size() > PER_VOLUME) {
                pods.removeFirst();
            }
        }
    }

    public List<ShareManagerPodSeen> of(String volume) {
        Deque<ShareManagerPodSeen> pods = byVolume.get(volume);
        if (pods == null) {
            return List.of();
        }
        synchronized (pods) {
            return new ArrayList<>(pods);
        }
    }

    public void forget(String volume) {
        byVolume.remove(volume);
    }
}
