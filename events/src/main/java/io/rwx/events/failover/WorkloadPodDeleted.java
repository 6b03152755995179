package io.rwx.events.failover;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.rwx.events.Check;
import io.rwx.events.EventData;
import io.rwx.events.common.ControllerOwner;
import io.rwx.events.common.PodRef;

@JsonClassDescription("A workload pod of the volume was deleted so that its controller recreates it and it remounts.")
public record WorkloadPodDeleted(
        @JsonProperty(required = true) String volume,
        @JsonProperty(required = true) @JsonPropertyDescription("Failover episode: the UID of the failed share-manager pod") String episode,
        @JsonProperty(required = true) PodRef pod,
        @JsonProperty(required = true) ControllerOwner controller,
        @JsonProperty(required = true) long gracePeriodSeconds,
        @JsonPropertyDescription("Force-deleted (grace 0) because its node is down, as node-down-pod-deletion-policy allows") boolean forced) implements EventData {

    public WorkloadPodDeleted {
        Check.text(volume, "volume");
        Check.text(episode, "episode");
        Check.present(pod, "pod");
        Check.present(controller, "controller");
        Check.notNegative(gracePeriodSeconds, "gracePeriodSeconds");
    }

    @Override
    public String subject() {
        return volume;
    }
}
