package io.rwx.events.migration;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.rwx.events.Check;
import io.rwx.events.EventData;

@JsonClassDescription("The migration Job was created.")
public record MigrationStarted(
        @JsonProperty(required = true) String migrationId,
        @JsonProperty(required = true) String namespace,
        @JsonProperty(required = true) String sourcePvc,
        @JsonProperty(required = true) String targetPvc,
        @JsonProperty(required = true) String job,
        MigrationOptions options) implements EventData {

    public MigrationStarted {
        Check.text(migrationId, "migrationId");
        Check.text(namespace, "namespace");
        Check.text(sourcePvc, "sourcePvc");
        Check.text(targetPvc, "targetPvc");
        Check.text(job, "job");
    }

    /** Migration events are keyed by {@code <namespace>/<target PVC>}. */
    @Override
    public String subject() {
        return namespace + "/" + targetPvc;
    }
}
