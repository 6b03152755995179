package io.rwx.migration.model;

import io.rwx.events.migration.MigrationOptions;

/**
 * A request to copy the data of {@code sourceNamespace/sourcePvc} into {@code targetNamespace/targetPvc}. Both
 * namespaces default to {@code namespace}; they must be equal (a Job mounts PVCs of its own namespace only).
 *
 * @param migrationId optional client-chosen id; a repeated request with the same id is the same migration
 * @param requestedBy who asked: the authenticated Kubernetes user of an API request, or the CloudEvents source of a
 *                    request event (recorded on the Job, its Kubernetes Events and the outgoing CloudEvents)
 */
public record MigrationRequest(String migrationId, String namespace, String sourceNamespace, String sourcePvc,
        String targetNamespace, String targetPvc, MigrationOptions options, String requestedBy) {

    public MigrationRequest {
        options = options == null ? MigrationOptions.DEFAULTS : options;
        sourceNamespace = sourceNamespace == null || sourceNamespace.isBlank() ? namespace : sourceNamespace;
        targetNamespace = targetNamespace == null || targetNamespace.isBlank() ? namespace : targetNamespace;
    }

    public MigrationRequest(String migrationId, String namespace, String sourceNamespace, String sourcePvc,
            String targetNamespace, String targetPvc, MigrationOptions options) {
        this(migrationId, namespace, sourceNamespace, sourcePvc, targetNamespace, targetPvc, options, null);
    }

    public static MigrationRequest of(String migrationId, String namespace, String sourcePvc, String targetPvc,
            MigrationOptions options) {
        return new MigrationRequest(migrationId, namespace, null, sourcePvc, null, targetPvc, options);
    }

    public MigrationRequest withId(String id) {
        return new MigrationRequest(id, namespace, sourceNamespace, sourcePvc, targetNamespace, targetPvc, options,
                requestedBy);
    }

    public MigrationRequest requestedBy(String who) {
        return new MigrationRequest(migrationId, namespace, sourceNamespace, sourcePvc, targetNamespace, targetPvc, options,
                who);
    }
}
