package io.rwx.events.migration;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** What the copy did, as the Job reported it in its termination message. */
public record MigrationSummary(
        @JsonProperty(required = true) @JsonPropertyDescription("Files in the source") long files,
        @JsonPropertyDescription("Files transferred in the successful attempt (less than files when resuming)") long filesTransferred,
        @JsonProperty(required = true) @JsonPropertyDescription("Bytes in the source") long bytes,
        @JsonPropertyDescription("Bytes transferred in the successful attempt") long bytesTransferred,
        @JsonProperty(required = true) double durationSeconds,
        VerifyMode verify,
        @JsonPropertyDescription("The verification passed (false when verify is none)") boolean verified) {
}
