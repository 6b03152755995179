package io.rwx.events.sharemanager;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.rwx.events.Check;
import io.rwx.events.EventData;

@JsonClassDescription("A share-manager pod is Running and Ready: its NFS server is serving.")
public record ShareManagerReady(
        @JsonProperty(required = true) String volume,
        @JsonProperty(required = true) String pod,
        @JsonProperty(required = true) String podUid,
        String node,
        String podIP) implements EventData {

    public ShareManagerReady {
        Check.text(volume, "volume");
        Check.text(pod, "pod");
        Check.text(podUid, "podUid");
    }

    @Override
    public String subject() {
        return volume;
    }
}
