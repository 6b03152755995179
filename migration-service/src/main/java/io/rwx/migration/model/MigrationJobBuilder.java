package io.rwx.migration.model;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.rwx.events.migration.MigrationOptions;

import java.util.List;
import java.util.Map;

/** The desired migration Job: pure, so its every field is asserted by a plain unit test. */
public final class MigrationJobBuilder {

    public static final String JOB_NAME_PREFIX = "rwx-migrate-";
    public static final String LABEL_MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String MANAGED_BY = "rwx-migration-service";
    public static final String LABEL_MIGRATION_ID = "migration.rwx.io/id";
    public static final String ANNOTATION_SOURCE = "migration.rwx.io/source-pvc";
    public static final String ANNOTATION_TARGET = "migration.rwx.io/target-pvc";
    public static final String ANNOTATION_VERIFY = "migration.rwx.io/verify";
    public static final String ANNOTATION_OVERWRITE = "migration.rwx.io/overwrite";
    public static final String ANNOTATION_FORCE = "migration.rwx.io/force";
    /** Present when the copy runs as a non-root uid ({@code options.runAsUser}). */
    public static final String ANNOTATION_RUN_AS_USER = "migration.rwx.io/run-as-user";
    /** Who asked for the migration (a Kubernetes user, or the source of a request event). */
    public static final String ANNOTATION_REQUESTED_BY = "migration.rwx.io/requested-by";
    /** Set by the service once the outcome was published: succeeded | failed. */
    public static final String ANNOTATION_REPORTED = "migration.rwx.io/reported";
    public static final String CONTAINER = "copy";
    public static final String SOURCE_MOUNT = "/mnt/old";
    public static final String TARGET_MOUNT = "/mnt/new";
    public static final int BACKOFF_LIMIT = 3;

    private MigrationJobBuilder() {
    }

    public static String jobName(String migrationId) {
        return JOB_NAME_PREFIX + migrationId;
    }

    public static Job generateJob(String migrationId, MigrationRequest request, String image) {
        return generateJob(migrationId, request, image, 0);
    }

    /**
     * The copy Job; {@code bandwidthLimitKiB} caps its read rate in KiB/s (0: none), so a copy does not saturate the
     * old NFS server its other clients still use.
     */
    public static Job generateJob(String migrationId, MigrationRequest request, String image, int bandwidthLimitKiB) {
        if (bandwidthLimitKiB < 0) {
            throw new IllegalArgumentException("bandwidth limit must not be negative: " + bandwidthLimitKiB);
        }
        MigrationOptions options = request.options();
        return new JobBuilder()
                .withNewMetadata()
                .withName(jobName(migrationId))
                .withNamespace(request.sourceNamespace())
                .withLabels(Map.of(LABEL_MANAGED_BY, MANAGED_BY, LABEL_MIGRATION_ID, migrationId))
                .withAnnotations(annotations(request, options))
                .endMetadata()
                .withNewSpec()
                .withCompletions(1)
                .withParallelism(1)
                .withBackoffLimit(BACKOFF_LIMIT)
                .withNewTemplate()
                .withNewMetadata()
                .withLabels(Map.of(LABEL_MANAGED_BY, MANAGED_BY, LABEL_MIGRATION_ID, migrationId))
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withSecurityContext(podSecurity(options))
                .addNewContainer()
                .withName(CONTAINER)
                .withImage(image)
                .withCommand("/bin/sh", "-c", CopyScript.SCRIPT)
                .withEnv(List.of(
                        new EnvVar("RWX_SRC", SOURCE_MOUNT, null),
                        new EnvVar("RWX_DST", TARGET_MOUNT, null),
                        new EnvVar("RWX_VERIFY", verify(options), null),
                        new EnvVar("RWX_DELETE", Boolean.toString(options.overwrite()), null),
                        new EnvVar("RWX_KEEP_OWNERS", Boolean.toString(options.keepsOwners()), null),
                        new EnvVar("RWX_BWLIMIT", Integer.toString(bandwidthLimitKiB), null)))
                .withTerminationMessagePath("/dev/termination-log")
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                .withSecurityContext(containerSecurity(options))
                .addNewVolumeMount().withName("old").withMountPath(SOURCE_MOUNT).withReadOnly(true).endVolumeMount()
                .addNewVolumeMount().withName("new").withMountPath(TARGET_MOUNT).endVolumeMount()
                .endContainer()
                .addNewVolume().withName("old").withNewPersistentVolumeClaim()
                .withClaimName(request.sourcePvc()).withReadOnly(true).endPersistentVolumeClaim().endVolume()
                .addNewVolume().withName("new").withNewPersistentVolumeClaim()
                .withClaimName(request.targetPvc()).endPersistentVolumeClaim().endVolume()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    /**
     * The capabilities a copy that keeps owners needs, and no more: CHOWN (owners), FOWNER and FSETID (modes, times
     * and set-id bits of files it does not own), DAC_OVERRIDE (read and write every file whatever its mode), MKNOD
     * (device files), SETFCAP (file capabilities). All are in Pod Security "baseline"; none is in "restricted",
     * which allows no root: a restricted copy is the non-root one ({@code options.runAsUser}).
     */
    static final List<String> KEEP_OWNERS_CAPABILITIES = List.of("CHOWN", "DAC_OVERRIDE", "FOWNER", "FSETID", "MKNOD",
            "SETFCAP");

    static io.fabric8.kubernetes.api.model.PodSecurityContext podSecurity(MigrationOptions options) {
        io.fabric8.kubernetes.api.model.PodSecurityContextBuilder pod = new io.fabric8.kubernetes.api.model.PodSecurityContextBuilder()
                .withNewSeccompProfile().withType("RuntimeDefault").endSeccompProfile();
        if (!options.keepsOwners()) {
            pod.withRunAsNonRoot(true).withRunAsUser(options.runAsUser()).withRunAsGroup(options.runAsUser());
        }
        return pod.build();
    }

    static io.fabric8.kubernetes.api.model.SecurityContext containerSecurity(MigrationOptions options) {
        io.fabric8.kubernetes.api.model.SecurityContextBuilder c = new io.fabric8.kubernetes.api.model.SecurityContextBuilder()
                .withAllowPrivilegeEscalation(false).withReadOnlyRootFilesystem(false);
        if (options.keepsOwners()) {
            // root in the container, so owners can be kept; numeric ids keep them stable
            c.withRunAsUser(0L).withRunAsGroup(0L).withNewCapabilities().withDrop("ALL")
                    .withAdd(KEEP_OWNERS_CAPABILITIES).endCapabilities();
        } else {
            c.withRunAsNonRoot(true).withNewCapabilities().withDrop("ALL").endCapabilities();
        }
        return c.build();
    }

    private static Map<String, String> annotations(MigrationRequest request, MigrationOptions options) {
        Map<String, String> a = new java.util.LinkedHashMap<>();
        a.put(ANNOTATION_SOURCE, request.sourcePvc());
        a.put(ANNOTATION_TARGET, request.targetPvc());
        a.put(ANNOTATION_VERIFY, verify(options));
        a.put(ANNOTATION_OVERWRITE, Boolean.toString(options.overwrite()));
        a.put(ANNOTATION_FORCE, Boolean.toString(options.force()));
        if (!options.keepsOwners()) {
            a.put(ANNOTATION_RUN_AS_USER, Long.toString(options.runAsUser()));
        }
        if (request.requestedBy() != null) {
            a.put(ANNOTATION_REQUESTED_BY, request.requestedBy());
        }
        return a;
    }

    /** Who asked for the migration of this Job, or null. */
    public static String requestedBy(io.fabric8.kubernetes.api.model.HasMetadata job) {
        var annotations = job.getMetadata().getAnnotations();
        return annotations == null ? null : annotations.get(ANNOTATION_REQUESTED_BY);
    }

    static String verify(MigrationOptions options) {
        return options.verify().name().toLowerCase();
    }
}
