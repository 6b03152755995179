package io.rwx.kit.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** One informer notification: the object before and after (after is null on deletion). */
public record Change(ClusterCache.Kind kind, HasMetadata before, HasMetadata after, boolean deleted) {

    /** The object as it is now (or as it was last, when deleted). */
    public HasMetadata current() {
        return deleted ? before : after;
    }
}
