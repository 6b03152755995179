package io.rwx.sharemanager.model;

import io.rwx.crds.ShareManagerState;

/**
 * What one reconcile pass does.
 *
 * @param next      the ShareManager state after this pass
 * @param podAction what to do with the share-manager pod
 * @param reason    why, for logs, events and the state-changed event
 */
public record Decision(ShareManagerState next, PodAction podAction, String reason) {

    public enum PodAction {
        NONE,
        /** Create the pod (it does not exist). */
        CREATE,
        /** Delete the pod gracefully. */
        DELETE,
        /** Delete the pod with grace 0: its node is lost, the kubelet will never confirm. */
        FORCE_DELETE
    }

    /** Is this a failure that counts towards the recreation backoff? */
    public boolean isFailure() {
        return next == ShareManagerState.ERROR;
    }
}
