package io.rwx.sharemanager.model;

import io.rwx.crds.ShareManagerState;
import io.rwx.events.common.FailureReason;

/**
 * What one reconcile pass does.
 *
 * @param next      the ShareManager state after this pass
 * @param podAction what to do with the share-manager pod
 * @param force     delete with grace 0: the pod's node is down, its kubelet will never confirm a graceful stop
 * @param reason    why, for logs, events and the state-changed event
 * @param failure   when the pass found the pod failed: the classifier's reason (null otherwise)
 */
public record Decision(ShareManagerState next, PodAction podAction, boolean force, String reason,
        FailureReason failure) {

    public enum PodAction {
        NONE,
        /** Create the pod (it does not exist). */
        CREATE,
        /** Delete the failed pod; a new one is created once it is gone and the backoff allows. */
        REPLACE,
        /** Delete the pod on purpose (marked with the stop annotation): nothing uses the share. */
        STOP
    }

    static Decision of(ShareManagerState next, PodAction action, String reason) {
        return new Decision(next, action, false, reason, null);
    }

    /** Is this a failure that counts towards the recreation backoff? */
    public boolean isFailure() {
        return next == ShareManagerState.ERROR;
    }
}
