package io.rwx.failover.model;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The Longhorn settings the failover rule reads at the moment of decision.
 *
 * @param autoDelete     {@code auto-delete-pod-when-volume-detached-unexpectedly} (default true when absent)
 * @param blacklist      {@code blacklist-for-auto-delete-pod-when-volume-detached-unexpectedly}: {@code group/Kind}s
 *                       whose pods are never deleted automatically (core group written as {@code /Kind})
 * @param nodeDownPolicy {@code node-down-pod-deletion-policy}
 */
public record FailoverSettings(boolean autoDelete, Set<String> blacklist, NodeDownPolicy nodeDownPolicy) {

    public static final FailoverSettings DEFAULTS = new FailoverSettings(true, Set.of(), NodeDownPolicy.DO_NOTHING);

    public FailoverSettings {
        blacklist = Set.copyOf(blacklist);
    }

    /** Parses the raw setting values; {@code null} means the Setting does not exist. */
    public static FailoverSettings parse(String autoDelete, String blacklist, String nodeDownPolicy) {
        boolean on = autoDelete == null || autoDelete.isBlank() || !autoDelete.trim().equalsIgnoreCase("false");
        Set<String> kinds = blacklist == null ? Set.of() : Arrays.stream(blacklist.split("[;,]"))
                .map(String::trim).filter(s -> !s.isEmpty()).collect(Collectors.toUnmodifiableSet());
        return new FailoverSettings(on, kinds, NodeDownPolicy.parse(nodeDownPolicy));
    }

    public boolean isBlacklisted(String groupKind) {
        return blacklist.contains(groupKind);
    }
}
