package io.rwx.events.failover;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.rwx.events.Check;
import io.rwx.events.EventData;
import io.rwx.events.common.FailureReason;

import java.time.Instant;

@JsonClassDescription("Volume status.remountRequestedAt was stamped for a failover episode (once per episode).")
public record RemountRequested(
        @JsonProperty(required = true) String volume,
        @JsonProperty(required = true) @JsonPropertyDescription("Failover episode: the UID of the failed share-manager pod") String episode,
        @JsonProperty(required = true) @JsonPropertyDescription("The stamped value: when the failure was detected") Instant remountRequestedAt,
        String failedPod,
        String failedNode,
        FailureReason reason) implements EventData {

    public RemountRequested {
        Check.text(volume, "volume");
        Check.text(episode, "episode");
        Check.present(remountRequestedAt, "remountRequestedAt");
    }

    @Override
    public String subject() {
        return volume;
    }
}
