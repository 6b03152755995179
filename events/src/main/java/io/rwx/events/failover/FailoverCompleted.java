package io.rwx.events.failover;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.rwx.events.Check;
import io.rwx.events.EventData;

@JsonClassDescription("A failover episode ended: the replacement share-manager serves and the workloads run again (or were left to their owners).")
public record FailoverCompleted(
        @JsonProperty(required = true) String volume,
        @JsonProperty(required = true) @JsonPropertyDescription("Failover episode: the UID of the failed share-manager pod") String episode,
        @JsonProperty(required = true) FailoverTimeline timeline,
        @JsonPropertyDescription("Workload pods deleted in this episode") int podsDeleted,
        @JsonPropertyDescription("Workload pods left for a manual restart in this episode") int podsNeedingRestart,
        @JsonPropertyDescription("Value of auto-delete-pod-when-volume-detached-unexpectedly at the decision") boolean autoDelete) implements EventData {

    public FailoverCompleted {
        Check.text(volume, "volume");
        Check.text(episode, "episode");
        Check.present(timeline, "timeline");
        Check.notNegative(podsDeleted, "podsDeleted");
        Check.notNegative(podsNeedingRestart, "podsNeedingRestart");
    }

    @Override
    public String subject() {
        return volume;
    }
}
