package io.rwx.events.node;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.rwx.events.Check;
import io.rwx.events.EventData;

@JsonClassDescription("A node is Ready again; keyed by node.")
public record NodeRecovered(
        @JsonProperty(required = true) String node) implements EventData {

    public NodeRecovered {
        Check.text(node, "node");
    }

    @Override
    public String subject() {
        return node;
    }
}
