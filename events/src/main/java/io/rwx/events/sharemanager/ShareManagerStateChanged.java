package io.rwx.events.sharemanager;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.rwx.events.Check;
import io.rwx.events.EventData;
import io.rwx.events.common.ShareManagerState;

@JsonClassDescription("The ShareManager status.state changed.")
public record ShareManagerStateChanged(
        @JsonProperty(required = true) String volume,
        @JsonPropertyDescription("Previous state; absent when the ShareManager was just created") ShareManagerState from,
        @JsonProperty(required = true) ShareManagerState to,
        String ownerID,
        @JsonPropertyDescription("nfs://<clusterIP>/<volume> once running") String endpoint,
        @JsonPropertyDescription("Why the transition happened, e.g. pod-ready, no-workloads, pod-failed") String reason) implements EventData {

    public ShareManagerStateChanged {
        Check.text(volume, "volume");
        Check.present(to, "to");
    }

    @Override
    public String subject() {
        return volume;
    }
}
