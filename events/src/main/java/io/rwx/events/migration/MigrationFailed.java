package io.rwx.events.migration;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.rwx.events.Check;
import io.rwx.events.EventData;

@JsonClassDescription("The migration failed for good (attempts exhausted, cancelled, or the Job vanished). The Job is kept for inspection.")
public record MigrationFailed(
        @JsonProperty(required = true) String migrationId,
        @JsonProperty(required = true) String namespace,
        @JsonProperty(required = true) String sourcePvc,
        @JsonProperty(required = true) String targetPvc,
        String job,
        @JsonProperty(required = true) int attempts,
        @JsonProperty(required = true) @JsonPropertyDescription("e.g. BackoffLimitExceeded, Cancelled, JobDeleted") String reason,
        String message) implements EventData {

    public MigrationFailed {
        Check.text(migrationId, "migrationId");
        Check.text(namespace, "namespace");
        Check.text(sourcePvc, "sourcePvc");
        Check.text(targetPvc, "targetPvc");
        Check.text(reason, "reason");
    }

    /** Migration events are keyed by {@code <namespace>/<target PVC>}. */
    @Override
    public String subject() {
        return namespace + "/" + targetPvc;
    }
}
