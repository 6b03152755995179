package io.rwx.migration.model;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which producers may request migrations over Kafka, and into which namespaces: a {@code migration.requested} event
 * is a request from whoever could write to the topic, so it is admitted only from a configured CloudEvents
 * {@code source}, and only into that source's namespaces. Entries of {@code rwx.migration.trusted-sources}:
 * {@code <source>=<namespace>[|<namespace>...]}, or {@code <source>=*} for every namespace. Empty trusts nobody.
 */
public final class TrustedSources {

    private final Map<String, Set<String>> namespacesBySource;

    private TrustedSources(Map<String, Set<String>> namespacesBySource) {
        this.namespacesBySource = namespacesBySource;
    }

    public static TrustedSources none() {
        return new TrustedSources(Map.of());
    }

    /** @throws IllegalArgumentException naming the entry that is not {@code source=namespaces} */
    public static TrustedSources parse(List<String> entries) {
        Map<String, Set<String>> map = new HashMap<>();
        for (String entry : entries) {
            int eq = entry.lastIndexOf('=');
            if (eq <= 0 || eq == entry.length() - 1) {
                throw new IllegalArgumentException("rwx.migration.trusted-sources: '" + entry
                        + "' is not <source>=<namespace>[|<namespace>...] or <source>=*");
            }
            Set<String> namespaces = map.computeIfAbsent(entry.substring(0, eq).trim(), s -> new TreeSet<>());
            for (String ns : entry.substring(eq + 1).split("\\|")) {
                if (!ns.isBlank()) {
                    namespaces.add(ns.trim());
                }
            }
        }
        return new TrustedSources(map);
    }

    /** Whether a request from {@code source} may migrate in {@code namespace}. */
    public boolean allows(String source, String namespace) {
        Set<String> namespaces = namespacesBySource.get(source);
        return namespaces != null && (namespaces.contains("*") || namespaces.contains(namespace));
    }

    /** Why a request is refused, for the rejection's message. */
    public String refusal(String source, String namespace) {
        Set<String> namespaces = namespacesBySource.get(source);
        return namespaces == null
                ? "requests over Kafka from source '" + source + "' are not trusted (rwx.migration.trusted-sources)"
                : "source '" + source + "' may request migrations in " + namespaces + ", not in namespace " + namespace;
    }
}
