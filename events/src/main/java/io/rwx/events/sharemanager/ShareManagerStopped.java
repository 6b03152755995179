package io.rwx.events.sharemanager;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.rwx.events.Check;
import io.rwx.events.EventData;

@JsonClassDescription("A share-manager pod was stopped on purpose (no workload uses the volume any more).")
public record ShareManagerStopped(
        @JsonProperty(required = true) String volume,
        String pod,
        String podUid,
        String node) implements EventData {

    public ShareManagerStopped {
        Check.text(volume, "volume");
    }

    @Override
    public String subject() {
        return volume;
    }
}
