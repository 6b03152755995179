package io.rwx.events.migration;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.rwx.events.Check;
import io.rwx.events.EventData;

@JsonClassDescription("A request to copy the data of sourcePvc into targetPvc (both in namespace). External systems may publish it.")
public record MigrationRequested(
        @JsonPropertyDescription("Optional client-chosen id (DNS-1123 label); a repeated request with the same id is the same migration") String migrationId,
        @JsonProperty(required = true) String namespace,
        @JsonProperty(required = true) String sourcePvc,
        @JsonProperty(required = true) String targetPvc,
        MigrationOptions options) implements EventData {

    public MigrationRequested {
        Check.text(namespace, "namespace");
        Check.text(sourcePvc, "sourcePvc");
        Check.text(targetPvc, "targetPvc");
        options = options == null ? MigrationOptions.DEFAULTS : options;
    }

    /** Migration events are keyed by {@code <namespace>/<target PVC>}. */
    @Override
    public String subject() {
        return namespace + "/" + targetPvc;
    }
}
