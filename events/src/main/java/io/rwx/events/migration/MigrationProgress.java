package io.rwx.events.migration;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.rwx.events.Check;
import io.rwx.events.EventData;
import io.rwx.events.MalformedEventException;

@JsonClassDescription("Periodic progress of a running migration Job.")
public record MigrationProgress(
        @JsonProperty(required = true) String migrationId,
        @JsonProperty(required = true) String namespace,
        @JsonProperty(required = true) String sourcePvc,
        @JsonProperty(required = true) String targetPvc,
        @JsonProperty(required = true) String job,
        @JsonProperty(required = true) @JsonPropertyDescription("1-based attempt of the Job (failed pods + 1)") int attempt,
        @JsonProperty(required = true) long elapsedSeconds,
        @JsonPropertyDescription("Bytes copied so far, where the copier reported it") Long bytesCopied,
        @JsonPropertyDescription("Files checked so far (copied or found up to date), where the copier reported it") Long filesDone,
        @JsonPropertyDescription("Files in the source tree, where the copier reported it") Long filesTotal,
        @JsonPropertyDescription("Percent of the bytes to copy that are copied (0-100), where the copier reported it") Integer percent,
        @JsonPropertyDescription("Current copy rate in bytes per second, where the copier reported it") Long bytesPerSecond)
        implements EventData {

    /** Progress without the copier's figures (before it reported any). */
    public MigrationProgress(String migrationId, String namespace, String sourcePvc, String targetPvc, String job,
            int attempt, long elapsedSeconds, Long bytesCopied) {
        this(migrationId, namespace, sourcePvc, targetPvc, job, attempt, elapsedSeconds, bytesCopied, null, null, null,
                null);
    }

    public MigrationProgress {
        Check.text(migrationId, "migrationId");
        Check.text(namespace, "namespace");
        Check.text(sourcePvc, "sourcePvc");
        Check.text(targetPvc, "targetPvc");
        Check.text(job, "job");
        Check.notNegative(attempt, "attempt");
        Check.notNegative(elapsedSeconds, "elapsedSeconds");
        if (bytesCopied != null) Check.notNegative(bytesCopied, "bytesCopied");
        if (filesDone != null) Check.notNegative(filesDone, "filesDone");
        if (filesTotal != null) Check.notNegative(filesTotal, "filesTotal");
        if (bytesPerSecond != null) Check.notNegative(bytesPerSecond, "bytesPerSecond");
        if (percent != null && (percent < 0 || percent > 100)) {
            throw new MalformedEventException("percent", "field 'percent' must be between 0 and 100, was " + percent);
        }
    }

    /** Migration events are keyed by {@code <namespace>/<target PVC>}. */
    @Override
    public String subject() {
        return namespace + "/" + targetPvc;
    }
}
