package io.rwx.events.volume;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.rwx.events.Check;
import io.rwx.events.EventData;

@JsonClassDescription("The Volume object is gone.")
public record VolumeDeleted(
        @JsonProperty(required = true) String volume,
        String uid) implements EventData {

    public VolumeDeleted {
        Check.text(volume, "volume");
    }

    @Override
    public String subject() {
        return volume;
    }
}
