package io.rwx.events.migration;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How to copy. */
public record MigrationOptions(
        @JsonPropertyDescription("none (default), size (compare file sizes), checksum (compare file contents)") VerifyMode verify,
        @JsonPropertyDescription("Remove files in the target that are not in the source (default false)") boolean overwrite,
        @JsonPropertyDescription("Allow a source mounted read-write by a running pod (default false)") boolean force) {

    public static final MigrationOptions DEFAULTS = new MigrationOptions(VerifyMode.NONE, false, false);

    public MigrationOptions {
        verify = verify == null ? VerifyMode.NONE : verify;
    }
}
