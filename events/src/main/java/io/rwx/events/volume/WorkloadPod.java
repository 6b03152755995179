package io.rwx.events.volume;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.rwx.events.Check;
import io.rwx.events.common.ControllerOwner;

import java.time.Instant;

/** A pod that mounts the PVC bound to the volume. */
public record WorkloadPod(
        @JsonProperty(required = true) String namespace,
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) String uid,
        @JsonPropertyDescription("Node the pod is scheduled on; absent while pending") String node,
        @JsonPropertyDescription("status.startTime; absent until the kubelet has started the pod") Instant startTime,
        @JsonPropertyDescription("status.phase: Pending, Running, Succeeded, Failed or Unknown") String phase,
        @JsonPropertyDescription("The Ready condition is True") boolean ready,
        @JsonPropertyDescription("metadata.deletionTimestamp is set") boolean terminating,
        @JsonPropertyDescription("The volume is mounted read-only in every container that mounts it") boolean readOnly,
        @JsonPropertyDescription("The controller owner; absent for a bare pod") ControllerOwner controller) {

    public WorkloadPod {
        Check.text(namespace, "namespace");
        Check.text(name, "name");
        Check.text(uid, "uid");
    }
}
