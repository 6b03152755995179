package io.rwx.events.migration;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** How to copy. */
public record MigrationOptions(
        @JsonPropertyDescription("none (default), size (compare file sizes), checksum (compare file contents)") VerifyMode verify,
        @JsonPropertyDescription("Remove files in the target that are not in the source (default false)") boolean overwrite,
        @JsonPropertyDescription("Allow a source mounted read-write by a running pod (default false)") boolean force,
        @JsonPropertyDescription("Copy as this non-root uid (and gid), under Pod Security \"restricted\": contents, "
                + "permissions, times and links are kept, owners, ACLs, xattrs and device files are not (every file "
                + "belongs to this uid), and only what it can read is copied. Default (absent): root with only the "
                + "capabilities a faithful copy needs (Pod Security \"baseline\"), keeping owners.") Long runAsUser) {

    public static final MigrationOptions DEFAULTS = new MigrationOptions(VerifyMode.NONE, false, false);

    public MigrationOptions {
        verify = verify == null ? VerifyMode.NONE : verify;
        if (runAsUser != null && runAsUser < 1) {
            throw new IllegalArgumentException("options.runAsUser must be a non-root uid (1 or more), was " + runAsUser);
        }
    }

    /** Options of a copy that keeps owners (as root with the copy's capabilities). */
    public MigrationOptions(VerifyMode verify, boolean overwrite, boolean force) {
        this(verify, overwrite, force, null);
    }

    /** Whether the copy keeps owners, groups, ACLs, xattrs and device files (it then runs as root). */
    public boolean keepsOwners() {
        return runAsUser == null;
    }
}
