package io.rwx.events.migration;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.rwx.events.Check;
import io.rwx.events.EventData;

@JsonClassDescription("Periodic progress of a running migration Job.")
public record MigrationProgress(
        @JsonProperty(required = true) String migrationId,
        @JsonProperty(required = true) String namespace,
        @JsonProperty(required = true) String sourcePvc,
        @JsonProperty(required = true) String targetPvc,
        @JsonProperty(required = true) String job,
        @JsonProperty(required = true) @JsonPropertyDescription("1-based attempt of the Job (failed pods + 1)") int attempt,
        @JsonProperty(required = true) long elapsedSeconds,
        @JsonPropertyDescription("Bytes copied so far, where the copier reported it") Long bytesCopied) implements EventData {

    public MigrationProgress {
        Check.text(migrationId, "migrationId");
        Check.text(namespace, "namespace");
        Check.text(sourcePvc, "sourcePvc");
        Check.text(targetPvc, "targetPvc");
        Check.text(job, "job");
        Check.notNegative(attempt, "attempt");
        Check.notNegative(elapsedSeconds, "elapsedSeconds");
    }

    /** Migration events are keyed by {@code <namespace>/<target PVC>}. */
    @Override
    public String subject() {
        return namespace + "/" + targetPvc;
    }
}
