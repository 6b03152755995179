package io.rwx.events.migration;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.rwx.events.Check;
import io.rwx.events.EventData;

@JsonClassDescription("A migration request was refused; nothing was created.")
public record MigrationRejected(
        String migrationId,
        @JsonProperty(required = true) String namespace,
        @JsonProperty(required = true) String sourcePvc,
        @JsonProperty(required = true) String targetPvc,
        @JsonProperty(required = true) RejectionReason reason,
        @JsonProperty(required = true) String message) implements EventData {

    public MigrationRejected {
        Check.text(namespace, "namespace");
        Check.text(sourcePvc, "sourcePvc");
        Check.text(targetPvc, "targetPvc");
        Check.present(reason, "reason");
        Check.text(message, "message");
    }

    /** Migration events are keyed by {@code <namespace>/<target PVC>}. */
    @Override
    public String subject() {
        return namespace + "/" + targetPvc;
    }
}
