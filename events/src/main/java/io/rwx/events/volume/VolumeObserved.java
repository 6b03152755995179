package io.rwx.events.volume;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.rwx.events.Check;
import io.rwx.events.EventData;
import io.rwx.events.common.AccessMode;

import java.time.Instant;
import java.util.List;

@JsonClassDescription("Full snapshot of an RWX-relevant volume: published when anything in it changes and on every periodic resync.")
public record VolumeObserved(
        @JsonProperty(required = true) String volume,
        String uid,
        @JsonProperty(required = true) AccessMode accessMode,
        @JsonPropertyDescription("status.state: detached, attaching, attached, detaching") String state,
        @JsonPropertyDescription("status.robustness: healthy, degraded, faulted, unknown") String robustness,
        @JsonPropertyDescription("spec.nodeID: the desired attachment") String nodeID,
        String currentNodeID,
        String shareState,
        String shareEndpoint,
        Instant remountRequestedAt,
        @JsonPropertyDescription("PV of driver driver.longhorn.io with this volume handle and the PVC it is bound to") BoundClaim claim,
        @JsonProperty(required = true) @JsonPropertyDescription("Pods that mount the bound PVC") List<WorkloadPod> workloads,
        ShareManagerSnapshot shareManager,
        @JsonProperty(required = true) @JsonPropertyDescription("metadata.resourceVersion of the Volume") String resourceVersion)
        implements EventData {

    public VolumeObserved {
        Check.text(volume, "volume");
        Check.present(accessMode, "accessMode");
        Check.present(workloads, "workloads");
        workloads = List.copyOf(workloads);
        Check.text(resourceVersion, "resourceVersion");
    }

    @Override
    public String subject() {
        return volume;
    }
}
