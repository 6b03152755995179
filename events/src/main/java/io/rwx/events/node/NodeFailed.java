package io.rwx.events.node;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.rwx.events.Check;
import io.rwx.events.EventData;

@JsonClassDescription("A node stopped being usable (Ready condition False/Unknown, node deleted) or an external system says so; keyed by node.")
public record NodeFailed(
        @JsonProperty(required = true) String node,
        @JsonProperty(required = true) NodeFailureReason reason,
        String message) implements EventData {

    public NodeFailed {
        Check.text(node, "node");
        Check.present(reason, "reason");
    }

    @Override
    public String subject() {
        return node;
    }
}
