package io.rwx.events.sharemanager;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.rwx.events.Check;
import io.rwx.events.EventData;

@JsonClassDescription("A share-manager pod was created and scheduled to a node.")
public record ShareManagerStarted(
        @JsonProperty(required = true) String volume,
        @JsonProperty(required = true) String pod,
        @JsonProperty(required = true) String podUid,
        @JsonPropertyDescription("Node the pod was scheduled on") String node) implements EventData {

    public ShareManagerStarted {
        Check.text(volume, "volume");
        Check.text(pod, "pod");
        Check.text(podUid, "podUid");
    }

    @Override
    public String subject() {
        return volume;
    }
}
