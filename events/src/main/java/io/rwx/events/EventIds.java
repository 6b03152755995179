package io.rwx.events;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/**
 * Deterministic event ids. An event derived from state (a pod's failure, a volume's snapshot at a
 * resourceVersion) gets the same id however often, and by whichever replica, it is produced, so consumers can
 * de-duplicate on {@code (source, id)} or simply on {@code id}.
 */
public final class EventIds {

    private EventIds() {
    }

    /**
     * A name-based UUID of the type and the parts that identify the state change, e.g.
     * {@code deterministic(SHARE_MANAGER_FAILED, volume, podUid, "pod-failed")}.
     */
    public static String deterministic(EventType type, String... parts) {
        Objects.requireNonNull(type, "type");
        StringBuilder name = new StringBuilder(type.type());
        for (String part : parts) {
            // a separator that cannot occur in Kubernetes names keeps ("a","bc") and ("ab","c") apart
            name.append('\u001f').append(Objects.requireNonNull(part, "id part"));
        }
        return UUID.nameUUIDFromBytes(name.toString().getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** A random id for events that are not derived from state (e.g. an operator's request). */
    public static String random() {
        return UUID.randomUUID().toString();
    }
}
