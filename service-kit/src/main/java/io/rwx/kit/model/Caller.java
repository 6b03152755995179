package io.rwx.kit.model;

import java.security.Principal;
import java.util.List;

/** An authenticated user of an rwx HTTP API, as the Kubernetes API server knows it. */
public record Caller(String name, List<String> groups) implements Principal {

    public Caller {
        groups = groups == null ? List.of() : List.copyOf(groups);
    }

    @Override
    public String getName() {
        return name;
    }
}
