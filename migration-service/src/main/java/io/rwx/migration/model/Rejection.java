package io.rwx.migration.model;

import io.rwx.events.migration.RejectionReason;

/** Why a request is refused, in words a user can act on. */
public record Rejection(RejectionReason reason, String message) {

    /** The HTTP status of the rejection: 400 malformed, 404 missing, 409 conflicting state, 422 unsuitable target. */
    public int httpStatus() {
        return switch (reason) {
            case INVALID_NAME, DIFFERENT_NAMESPACES, SAME_PVC -> 400;
            case SOURCE_NOT_FOUND, TARGET_NOT_FOUND -> 404;
            case MIGRATION_IN_PROGRESS, SOURCE_IN_USE, TARGET_IN_USE -> 409;
            case UNTRUSTED_SOURCE -> 403;
            case TARGET_NOT_RWX, TARGET_TOO_SMALL -> 422;
        };
    }
}
