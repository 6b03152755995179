package io.rwx.events.volume;

import io.rwx.events.common.ShareManagerState;

/** The volume's ShareManager and its current pod, as seen in the same snapshot. */
public record ShareManagerSnapshot(
        ShareManagerState state,
        String ownerID,
        String endpoint,
        String pod,
        String podUid,
        String node,
        String podPhase,
        boolean podReady) {
}
