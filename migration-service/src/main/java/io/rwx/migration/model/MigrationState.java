package io.rwx.migration.model;

/** Lifecycle of a migration, derived from its Job. */
public enum MigrationState {
    /** The Job exists; no pod has run yet. */
    PENDING,
    /** A copy attempt is running (or the Job is between attempts). */
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
