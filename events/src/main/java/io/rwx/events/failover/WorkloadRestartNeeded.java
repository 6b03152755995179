package io.rwx.events.failover;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.rwx.events.Check;
import io.rwx.events.EventData;
import io.rwx.events.common.PodRef;

@JsonClassDescription("A workload pod of the volume must be restarted by its owner: it is not deleted automatically.")
public record WorkloadRestartNeeded(
        @JsonProperty(required = true) String volume,
        @JsonProperty(required = true) @JsonPropertyDescription("Failover episode: the UID of the failed share-manager pod") String episode,
        @JsonProperty(required = true) PodRef pod,
        @JsonProperty(required = true) RestartNeededReason reason,
        @JsonProperty(required = true) String message) implements EventData {

    public WorkloadRestartNeeded {
        Check.text(volume, "volume");
        Check.text(episode, "episode");
        Check.present(pod, "pod");
        Check.present(reason, "reason");
        Check.text(message, "message");
    }

    @Override
    public String subject() {
        return volume;
    }
}
