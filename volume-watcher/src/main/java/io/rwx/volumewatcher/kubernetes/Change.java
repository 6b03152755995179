package io.rwx.volumewatcher.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;

/** One informer notification: the object before and after (after is null on deletion). */
public record Change(Kind kind, HasMetadata before, HasMetadata after, boolean deleted) {

    public enum Kind { VOLUME, SHARE_MANAGER, PERSISTENT_VOLUME, PERSISTENT_VOLUME_CLAIM, POD, NODE, EVENT }

    /** The object as it is now (or as it was last, when deleted). */
    public HasMetadata current() {
        return deleted ? before : after;
    }
}
