package io.rwx.events.common;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Why a share-manager is considered failed. */
public enum FailureReason {
    /** The pod's phase is Failed. */
    @JsonProperty("pod-failed") POD_FAILED,
    /** The pod was deleted while its ShareManager still wanted it running. */
    @JsonProperty("pod-deleted") POD_DELETED,
    /** The share-manager container terminated (restartPolicy is Never, so the pod will not recover). */
    @JsonProperty("container-exited") CONTAINER_EXITED,
    /** The pod's node reports Ready=False or Unknown. */
    @JsonProperty("node-not-ready") NODE_NOT_READY,
    /** The pod's node object was deleted. */
    @JsonProperty("node-lost") NODE_LOST,
    /** The share-manager's lease was not renewed in time. */
    @JsonProperty("lease-expired") LEASE_EXPIRED,
    /** Reported by a system outside the cluster's own signals. */
    @JsonProperty("external") EXTERNAL
}
