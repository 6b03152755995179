package io.rwx.migration.model;

import io.rwx.events.migration.RejectionReason;
import io.rwx.kit.model.Dns1123;

import java.util.List;
import java.util.Optional;

/**
 * The migration rule's admission checks, in order; the first that fails is the rejection. Pure: the caller
 * looks the PVCs, pods and active migrations up.
 */
public final class MigrationRequestValidator {

    /** Job names are {@code rwx-migrate-<id>} and must stay a 63-character label. */
    public static final int MAX_ID_LENGTH = 63 - MigrationJobBuilder.JOB_NAME_PREFIX.length();

    private MigrationRequestValidator() {
    }

    /** Names first: nothing else is looked up for a request with a malformed name. */
    public static Optional<Rejection> checkNames(MigrationRequest r) {
        if (r.migrationId() != null && !Dns1123.isLabel(r.migrationId(), MAX_ID_LENGTH)) {
            return reject(RejectionReason.INVALID_NAME, "migrationId '" + r.migrationId()
                    + "' is not a DNS-1123 label of at most " + MAX_ID_LENGTH + " characters");
        }
        for (String[] field : new String[][] {{"namespace", r.namespace()}, {"sourceNamespace", r.sourceNamespace()},
                {"targetNamespace", r.targetNamespace()}}) {
            if (!Dns1123.isLabel(field[1], 63)) {
                return reject(RejectionReason.INVALID_NAME, field[0] + " '" + field[1]
                        + "' is not a valid namespace name (DNS-1123 label)");
            }
        }
        for (String[] field : new String[][] {{"sourcePvc", r.sourcePvc()}, {"targetPvc", r.targetPvc()}}) {
            if (!Dns1123.isSubdomain(field[1])) {
                return reject(RejectionReason.INVALID_NAME, field[0] + " '" + field[1]
                        + "' is not a valid PVC name (DNS-1123 subdomain)");
            }
        }
        if (!r.sourceNamespace().equals(r.targetNamespace())) {
            return reject(RejectionReason.DIFFERENT_NAMESPACES, "source PVC is in namespace " + r.sourceNamespace()
                    + " and target PVC in " + r.targetNamespace() + ": a migration Job can only mount PVCs of one namespace");
        }
        if (r.sourcePvc().equals(r.targetPvc())) {
            return reject(RejectionReason.SAME_PVC, "source and target are the same PVC " + r.sourceNamespace() + "/"
                    + r.sourcePvc());
        }
        return Optional.empty();
    }

    /**
     * @param source      the source PVC, or null if it does not exist
     * @param target      the target PVC, or null if it does not exist
     * @param sourceUsers pods that mount the source PVC
     * @param active      migrations that have not finished
     */
    public static Optional<Rejection> validate(MigrationRequest r, PvcView source, PvcView target,
            List<PodMountView> sourceUsers, List<PodMountView> targetUsers, List<ActiveMigration> active) {
        Optional<Rejection> names = checkNames(r);
        if (names.isPresent()) {
            return names;
        }
        String ns = r.sourceNamespace();
        if (source == null) {
            return reject(RejectionReason.SOURCE_NOT_FOUND, "source PVC " + ns + "/" + r.sourcePvc() + " does not exist");
        }
        if (target == null) {
            return reject(RejectionReason.TARGET_NOT_FOUND, "target PVC " + ns + "/" + r.targetPvc() + " does not exist");
        }
        if (!target.accessModes().contains("ReadWriteMany")) {
            return reject(RejectionReason.TARGET_NOT_RWX, "target PVC " + target.fullName()
                    + " is not ReadWriteMany (access modes " + target.accessModes() + ")");
        }
        if (source.capacityBytes() != null && target.capacityBytes() != null
                && target.capacityBytes() < source.capacityBytes()) {
            return reject(RejectionReason.TARGET_TOO_SMALL, "target PVC " + target.fullName() + " has "
                    + target.capacityBytes() + " bytes, smaller than source PVC " + source.fullName() + " ("
                    + source.capacityBytes() + " bytes)");
        }
        for (ActiveMigration m : active) {
            if (m.touches(ns, r.sourcePvc()) || m.touches(ns, r.targetPvc())) {
                return reject(RejectionReason.MIGRATION_IN_PROGRESS, "migration " + m.id() + " (" + m.sourcePvc()
                        + " -> " + m.targetPvc() + ") is still running in namespace " + ns);
            }
        }
        // never into data in use: a copy (and overwrite's deletions) under a running workload destroys what it
        // writes, and force does not change that (force is about a source that is still being written)
        Optional<PodMountView> targetUser = targetUsers.stream().filter(PodMountView::active).findFirst();
        if (targetUser.isPresent()) {
            return reject(RejectionReason.TARGET_IN_USE, "target PVC " + target.fullName() + " is mounted by pod "
                    + targetUser.get().namespace() + "/" + targetUser.get().name() + " (" + targetUser.get().phase()
                    + "): a migration never writes into a volume in use; stop its workloads first");
        }
        if (!r.options().force()) {
            Optional<PodMountView> writer = sourceUsers.stream().filter(PodMountView::runningReadWrite).findFirst();
            if (writer.isPresent()) {
                return reject(RejectionReason.SOURCE_IN_USE, "source PVC " + source.fullName()
                        + " is mounted read-write by running pod " + writer.get().namespace() + "/" + writer.get().name()
                        + ": stop it (or set force) so the copy is consistent");
            }
        }
        return Optional.empty();
    }

    private static Optional<Rejection> reject(RejectionReason reason, String message) {
        return Optional.of(new Rejection(reason, message));
    }
}
