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
        MigrationOptions options = request.options();
        return new JobBuilder()
                .withNewMetadata()
                .withName(jobName(migrationId))
                .withNamespace(request.sourceNamespace())
                .withLabels(Map.of(LABEL_MANAGED_BY, MANAGED_BY, LABEL_MIGRATION_ID, migrationId))
                .withAnnotations(Map.of(
                        ANNOTATION_SOURCE, request.sourcePvc(),
                        ANNOTATION_TARGET, request.targetPvc(),
                        ANNOTATION_VERIFY, verify(options),
                        ANNOTATION_OVERWRITE, Boolean.toString(options.overwrite()),
                        ANNOTATION_FORCE, Boolean.toString(options.force())))
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
                .addNewContainer()
                .withName(CONTAINER)
                .withImage(image)
                .withCommand("/bin/sh", "-c", CopyScript.SCRIPT)
                .withEnv(List.of(
                        new EnvVar("RWX_SRC", SOURCE_MOUNT, null),
                        new EnvVar("RWX_DST", TARGET_MOUNT, null),
                        new EnvVar("RWX_VERIFY", verify(options), null),
                        new EnvVar("RWX_DELETE", Boolean.toString(options.overwrite()), null)))
                .withTerminationMessagePath("/dev/termination-log")
                .withTerminationMessagePolicy("FallbackToLogsOnError")
                // root in the container, so ownership can be kept; numeric ids keep owners stable
                .withNewSecurityContext().withRunAsUser(0L).withRunAsGroup(0L).endSecurityContext()
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

    static String verify(MigrationOptions options) {
        return options.verify().name().toLowerCase();
    }
}
