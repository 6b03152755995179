package io.rwx.events.failover;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.rwx.events.Check;

import java.time.Instant;

/** When each phase of a failover episode happened; a phase that did not happen is absent. */
public record FailoverTimeline(
        @JsonProperty(required = true) Instant detected,
        @JsonPropertyDescription("The failed share-manager pod was gone") Instant oldPodRemoved,
        Instant replacementCreated,
        @JsonPropertyDescription("The replacement share-manager pod was Running and Ready") Instant replacementReady,
        Instant remountRequested,
        @JsonPropertyDescription("The last workload pod of the episode was deleted") Instant workloadsDeleted,
        @JsonPropertyDescription("Every workload of the volume was Running and Ready again") Instant workloadsRunning) {

    public FailoverTimeline {
        Check.present(detected, "detected");
    }
}
