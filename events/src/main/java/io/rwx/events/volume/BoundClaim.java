package io.rwx.events.volume;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.rwx.events.Check;

import java.util.List;

/** The PV of the volume and the PVC it is bound to (PV {@code spec.claimRef}). */
public record BoundClaim(
        @JsonProperty(required = true) String pvName,
        @JsonProperty(required = true) String namespace,
        @JsonProperty(required = true) String name,
        @JsonPropertyDescription("PVC spec.accessModes, e.g. ReadWriteMany") List<String> accessModes) {

    public BoundClaim {
        Check.text(pvName, "pvName");
        Check.text(namespace, "namespace");
        Check.text(name, "name");
        accessModes = Check.list(accessModes);
    }
}
