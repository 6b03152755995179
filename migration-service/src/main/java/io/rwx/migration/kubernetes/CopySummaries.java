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
            // the summary is the last line that is a JSON object (the output before it may be progress)
            String json = terminationMessage.trim();
            String[] lines = json.split("\n");
            for (int i = lines.length - 1; i >= 0; i--) {
                if (lines[i].trim().startsWith("{")) {
                    json = lines[i].trim();
                    break;
                }
            }
            JsonNode n = JSON.readTree(json);
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
