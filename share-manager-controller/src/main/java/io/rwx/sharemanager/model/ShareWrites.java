package io.rwx.sharemanager.model;

import io.rwx.crds.Longhorn;
import io.rwx.crds.ShareManagerState;

/**
 * The controller's own fields, as one pass decided them (pure): the attachment it asks for ({@code spec.nodeID}:
 * the share-manager's node while starting or running, empty once stopped, left as is otherwise) and the share
 * status of the Volume and the ShareManager.
 *
 * @param nodeID   the node to attach to, {@code ""} to detach, null to leave as is
 * @param endpoint {@code nfs://<clusterIP>/<volume>} while running, else null
 */
public record ShareWrites(ShareManagerState state, String ownerID, String endpoint, String nodeID) {

    public static ShareWrites of(String volume, Decision decision, String podNode, String clusterIP) {
        ShareManagerState next = decision.next();
        boolean podStays = decision.podAction() == Decision.PodAction.NONE;
        String owner = podStays ? podNode : null;
        String endpoint = next == ShareManagerState.RUNNING && clusterIP != null
                ? Longhorn.nfsEndpoint(clusterIP, volume) : null;
        String nodeID = next == ShareManagerState.STOPPED ? ""
                : owner != null && (next == ShareManagerState.STARTING || next == ShareManagerState.RUNNING) ? owner
                : null;
        return new ShareWrites(next, owner, endpoint, nodeID);
    }
}
