package io.rwx.migration.rest;

import io.rwx.events.migration.MigrationOptions;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Body of {@code POST /migrations}. */
@Schema(description = "Copy the data of sourcePvc into targetPvc (a ReadWriteMany PVC of the same namespace)")
public record CreateMigration(
        @Schema(description = "Optional id (DNS-1123 label, at most 51 characters); repeating a request with the same id returns the same migration")
        String migrationId,
        @Schema(required = true, description = "Namespace of both PVCs") String namespace,
        @Schema(required = true) String sourcePvc,
        @Schema(required = true, description = "Must be ReadWriteMany and at least as large as the source") String targetPvc,
        @Schema(description = "Defaults to namespace; must equal it") String sourceNamespace,
        @Schema(description = "Defaults to namespace; must equal it") String targetNamespace,
        @Schema(description = "verify: none|size|checksum (default none); overwrite: remove target files missing from the source (default false); force: allow a source mounted read-write by a running pod (default false)")
        MigrationOptions options) {
}
