package io.rwx.events.failover;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.rwx.events.Check;
import io.rwx.events.EventData;

import java.time.Instant;

@JsonClassDescription("The replacement share-manager did not become Running and Ready in time; no workload pod is deleted.")
public record FailoverStalled(
        @JsonProperty(required = true) String volume,
        @JsonProperty(required = true) @JsonPropertyDescription("Failover episode: the UID of the failed share-manager pod") String episode,
        @JsonProperty(required = true) @JsonPropertyDescription("What the episode waits for, e.g. replacement-ready") String waitingFor,
        @JsonProperty(required = true) @JsonPropertyDescription("When the wait began (the remount request)") Instant since,
        @JsonProperty(required = true) long timeoutSeconds,
        String message) implements EventData {

    public FailoverStalled {
        Check.text(volume, "volume");
        Check.text(episode, "episode");
        Check.text(waitingFor, "waitingFor");
        Check.present(since, "since");
        Check.notNegative(timeoutSeconds, "timeoutSeconds");
    }

    @Override
    public String subject() {
        return volume;
    }
}
