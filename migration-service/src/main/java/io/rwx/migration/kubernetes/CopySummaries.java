package io.rwx.migration.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rwx.events.migration.MigrationSummary;
import io.rwx.events.migration.VerifyMode;

import java.util.Optional;

/** Parses the JSON summary that copy.sh leaves as the pod's termination message. */
public final class CopySummaries {

    private static final ObjectMapper JSON = new ObjectMapper();

    private CopySummaries() {
    }

    public static Optional<MigrationSummary> parse(String terminationMessage) {
        if (terminationMessage == null || terminationMessage.isBlank()) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(terminationMessage.trim());
            if (!n.has("files")) {
                return Optional.empty();
            }
            return Optional.of(new MigrationSummary(n.path("files").asLong(), n.path("filesTransferred").asLong(),
                    n.path("bytes").asLong(), n.path("bytesTransferred").asLong(), n.path("durationSeconds").asDouble(),
                    VerifyMode.valueOf(n.path("verify").asText("none").toUpperCase()), n.path("verified").asBoolean()));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
