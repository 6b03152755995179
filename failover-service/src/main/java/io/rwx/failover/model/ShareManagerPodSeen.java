package io.rwx.failover.model;

import io.rwx.kit.model.ShareManagerPods;

import java.time.Instant;

/**
 * A share-manager pod incarnation of the volume as this service saw it last, and the shared classifier's verdict
 * on that state.
 *
 * @param gone      the pod no longer exists (the verdict is then about its last known state)
 */
public record ShareManagerPodSeen(String uid, String name, String node, Instant createdAt,
        ShareManagerPods.Verdict verdict, boolean gone) {
}
