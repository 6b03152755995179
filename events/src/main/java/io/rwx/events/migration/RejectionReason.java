package io.rwx.events.migration;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Why a migration request was refused. */
public enum RejectionReason {
    @JsonProperty("invalid-name") INVALID_NAME,
    @JsonProperty("source-not-found") SOURCE_NOT_FOUND,
    @JsonProperty("target-not-found") TARGET_NOT_FOUND,
    @JsonProperty("different-namespaces") DIFFERENT_NAMESPACES,
    @JsonProperty("same-pvc") SAME_PVC,
    @JsonProperty("target-not-rwx") TARGET_NOT_RWX,
    @JsonProperty("target-too-small") TARGET_TOO_SMALL,
    @JsonProperty("migration-in-progress") MIGRATION_IN_PROGRESS,
    @JsonProperty("source-in-use") SOURCE_IN_USE,
    /** The target PVC is mounted by a running pod: a copy would change data in use, whatever {@code force} says. */
    @JsonProperty("target-in-use") TARGET_IN_USE,
    /** A request over Kafka from a source not trusted for that namespace ({@code rwx.migration.trusted-sources}). */
    @JsonProperty("untrusted-source") UNTRUSTED_SOURCE
}
