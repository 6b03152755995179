package io.rwx.events.sharemanager;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.rwx.events.Check;
import io.rwx.events.EventData;
import io.rwx.events.common.FailureReason;

@JsonClassDescription("A share-manager failed. One failure of one pod (its UID) is one event with a deterministic id. External systems may publish it as a request to look: failover acts on it only when Kubernetes confirms it or the source is trusted.")
public record ShareManagerFailed(
        @JsonProperty(required = true) String volume,
        @JsonPropertyDescription("Name of the failed pod; absent if an external reporter does not know it") String pod,
        @JsonPropertyDescription("UID of the failed pod: the failover episode; absent if an external reporter does not know it") String podUid,
        String node,
        @JsonProperty(required = true) FailureReason reason,
        @JsonPropertyDescription("Human-readable detail, e.g. the container exit code") String message) implements EventData {

    public ShareManagerFailed {
        Check.text(volume, "volume");
        Check.present(reason, "reason");
    }

    @Override
    public String subject() {
        return volume;
    }
}
