package io.rwx.events.failover;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Why a workload pod is left to a manual restart. */
public enum RestartNeededReason {
    /** The pod has no controller owner that would recreate it. */
    @JsonProperty("no-controller-owner") NO_CONTROLLER_OWNER,
    /** auto-delete-pod-when-volume-detached-unexpectedly is false: the pod may see I/O errors until restarted. */
    @JsonProperty("auto-delete-disabled") AUTO_DELETE_DISABLED,
    /** The controller owner's group/Kind is in the auto-delete blacklist. */
    @JsonProperty("owner-blacklisted") OWNER_BLACKLISTED,
    /** The pod's node is down and node-down-pod-deletion-policy does not allow a force delete. */
    @JsonProperty("node-down-policy") NODE_DOWN_POLICY
}
