package io.rwx.events.migration;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.rwx.events.Check;
import io.rwx.events.EventData;

@JsonClassDescription("The data was copied (and verified, if asked).")
public record MigrationSucceeded(
        @JsonProperty(required = true) String migrationId,
        @JsonProperty(required = true) String namespace,
        @JsonProperty(required = true) String sourcePvc,
        @JsonProperty(required = true) String targetPvc,
        @JsonProperty(required = true) String job,
        @JsonProperty(required = true) int attempts,
        @JsonProperty(required = true) MigrationSummary summary) implements EventData {

    public MigrationSucceeded {
        Check.text(migrationId, "migrationId");
        Check.text(namespace, "namespace");
        Check.text(sourcePvc, "sourcePvc");
        Check.text(targetPvc, "targetPvc");
        Check.text(job, "job");
        Check.present(summary, "summary");
    }

    /** Migration events are keyed by {@code <namespace>/<target PVC>}. */
    @Override
    public String subject() {
        return namespace + "/" + targetPvc;
    }
}
