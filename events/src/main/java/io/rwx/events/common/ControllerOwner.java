package io.rwx.events.common;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.rwx.events.Check;

/** The controller owner reference of a pod ({@code ownerReferences[].controller == true}). */
public record ControllerOwner(
        @JsonProperty(required = true) @JsonPropertyDescription("API group of the owner, empty for the core group, e.g. apps")
        String group,
        @JsonProperty(required = true) @JsonPropertyDescription("Kind of the owner, e.g. ReplicaSet, StatefulSet")
        String kind,
        @JsonProperty(required = true) String name) {

    public ControllerOwner {
        group = group == null ? "" : group;
        Check.text(kind, "kind");
        Check.text(name, "name");
    }

    /** {@code group/Kind}, the form used by the auto-delete blacklist setting (e.g. {@code apps/StatefulSet}). */
    public String groupKind() {
        return group + "/" + kind;
    }
}
