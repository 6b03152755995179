package io.rwx.events.common;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.rwx.events.Check;

/** Identifies one pod incarnation: name plus UID (a recreated pod has the same name and a new UID). */
public record PodRef(
        @JsonProperty(required = true) String namespace,
        @JsonProperty(required = true) String name,
        @JsonProperty(required = true) String uid,
        String node) {

    public PodRef {
        Check.text(namespace, "namespace");
        Check.text(name, "name");
        Check.text(uid, "uid");
    }
}
