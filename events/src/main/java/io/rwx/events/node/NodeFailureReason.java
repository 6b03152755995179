package io.rwx.events.node;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Why a node is considered failed. */
public enum NodeFailureReason {
    /** Ready condition is False. */
    @JsonProperty("not-ready") NOT_READY,
    /** Ready condition is Unknown: the kubelet stopped reporting. */
    @JsonProperty("unknown") UNKNOWN,
    /** The Node object was deleted. */
    @JsonProperty("deleted") DELETED,
    /** Reported by a system outside the cluster. */
    @JsonProperty("external") EXTERNAL
}
