package io.rwx.migration.model;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.rwx.events.migration.MigrationOptions;
import io.rwx.events.migration.VerifyMode;
import org.junit.jupiter.api.Test;

import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class MigrationJobBuilderTest {

    final MigrationRequest request = MigrationRequest.of("m-1", "shop", "uploads-nfs", "uploads-rwx",
            new MigrationOptions(VerifyMode.CHECKSUM, true, false));

    @Test
    void theJobFollowsTheMigrationRule() {
        Job job = MigrationJobBuilder.generateJob("m-1", request, "rsync:test");

        assertThat(job.getMetadata().getName()).isEqualTo("rwx-migrate-m-1");
        assertThat(job.getMetadata().getNamespace()).isEqualTo("shop");
        assertThat(job.getMetadata().getLabels()).containsEntry("migration.rwx.io/id", "m-1")
                .containsEntry("app.kubernetes.io/managed-by", "rwx-migration-service");
        assertThat(job.getSpec().getCompletions()).isEqualTo(1);
        assertThat(job.getSpec().getParallelism()).isEqualTo(1);
        assertThat(job.getSpec().getBackoffLimit()).isEqualTo(3);
        var pod = job.getSpec().getTemplate().getSpec();
        assertThat(pod.getRestartPolicy()).isEqualTo("Never");
        assertThat(job.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("migration.rwx.io/id", "m-1");
        Container c = pod.getContainers().get(0);
        assertThat(c.getImage()).isEqualTo("rsync:test");
        assertThat(c.getCommand()).containsExactly("/bin/sh", "-c", CopyScript.SCRIPT);
        assertThat(c.getArgs()).isEmpty();
        assertThat(c.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo("/mnt/old");
            assertThat(m.getReadOnly()).isTrue();
        }).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo("/mnt/new");
            assertThat(m.getReadOnly()).isNotEqualTo(Boolean.TRUE);
        });
        assertThat(pod.getVolumes()).anySatisfy(v -> {
            assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("uploads-nfs");
            assertThat(v.getPersistentVolumeClaim().getReadOnly()).isTrue();
        }).anySatisfy(v -> assertThat(v.getPersistentVolumeClaim().getClaimName()).isEqualTo("uploads-rwx"));
        assertThat(c.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, EnvVar::getValue)))
                .containsEntry("RWX_VERIFY", "checksum").containsEntry("RWX_DELETE", "true")
                .containsEntry("RWX_SRC", "/mnt/old").containsEntry("RWX_DST", "/mnt/new")
                .as("no bandwidth cap unless configured").containsEntry("RWX_BWLIMIT", "0");
        assertThat(MigrationJobBuilder.generateJob("m-1", request, "img", 20480).getSpec().getTemplate().getSpec()
                .getContainers().get(0).getEnv()).contains(new EnvVar("RWX_BWLIMIT", "20480", null));
    }

    @Test
    void byDefaultTheCopyRunsAsRootWithOnlyTheCapabilitiesThatKeepOwners() {
        var pod = MigrationJobBuilder.generateJob("m-1", request, "img").getSpec().getTemplate().getSpec();
        var c = pod.getContainers().get(0);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(c.getSecurityContext().getRunAsUser()).isZero();
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        // Pod Security "baseline" allows exactly these to be added back (and no others)
        assertThat(c.getSecurityContext().getCapabilities().getAdd()).containsExactlyInAnyOrder("CHOWN", "DAC_OVERRIDE",
                "FOWNER", "FSETID", "MKNOD", "SETFCAP").isSubsetOf(java.util.List.of("AUDIT_WRITE", "CHOWN",
                "DAC_OVERRIDE", "FOWNER", "FSETID", "KILL", "MKNOD", "NET_BIND_SERVICE", "SETFCAP", "SETGID", "SETPCAP",
                "SETUID", "SYS_CHROOT"));
        assertThat(c.getEnv()).contains(new EnvVar("RWX_KEEP_OWNERS", "true", null));
    }

    @Test
    void withRunAsUserTheCopyMeetsPodSecurityRestricted() {
        MigrationRequest nonRoot = MigrationRequest.of("m-2", "shop", "uploads-nfs", "uploads-rwx",
                new MigrationOptions(VerifyMode.CHECKSUM, false, false, 1000L));
        Job job = MigrationJobBuilder.generateJob("m-2", nonRoot, "img");
        var pod = job.getSpec().getTemplate().getSpec();
        var c = pod.getContainers().get(0);
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(pod.getSecurityContext().getRunAsUser()).isEqualTo(1000L);
        assertThat(pod.getSecurityContext().getRunAsGroup()).isEqualTo(1000L);
        assertThat(pod.getSecurityContext().getSeccompProfile().getType()).isEqualTo("RuntimeDefault");
        assertThat(c.getSecurityContext().getRunAsUser()).isNull();
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        assertThat(c.getSecurityContext().getCapabilities().getAdd()).isEmpty();
        assertThat(c.getEnv()).contains(new EnvVar("RWX_KEEP_OWNERS", "false", null));
        assertThat(MigrationView.of(job, null).options().runAsUser()).as("read back from the Job").isEqualTo(1000L);
    }

    @Test
    void userInputReachesTheJobOnlyAsPvcNames() {
        String text = io.fabric8.kubernetes.client.utils.Serialization.asYaml(
                MigrationJobBuilder.generateJob("m-1", request, "rsync:test").getSpec().getTemplate().getSpec()
                        .getContainers().get(0).getCommand());
        assertThat(text).doesNotContain("uploads-nfs").doesNotContain("uploads-rwx");
    }

    @Test
    void progressIsReadFromTheJobStatus() {
        Job job = MigrationJobBuilder.generateJob("m-1", request, "img");
        assertThat(JobProgress.of(job).state()).isEqualTo(MigrationState.PENDING);

        job = new JobBuilder(job).withNewStatus().withActive(1).withFailed(1).endStatus().build();
        assertThat(JobProgress.of(job)).extracting(JobProgress::state, JobProgress::attempts)
                .containsExactly(MigrationState.RUNNING, 2);

        job = new JobBuilder(job).withNewStatus().withFailed(4).withConditions(new JobConditionBuilder()
                .withType("Failed").withStatus("True").withReason("BackoffLimitExceeded").build()).endStatus().build();
        assertThat(JobProgress.of(job)).extracting(JobProgress::state, JobProgress::attempts, JobProgress::failureReason)
                .containsExactly(MigrationState.FAILED, 4, "BackoffLimitExceeded");

        job = new JobBuilder(job).withNewStatus().withSucceeded(1).withFailed(1).withConditions(new JobConditionBuilder()
                .withType("Complete").withStatus("True").build()).endStatus().build();
        assertThat(JobProgress.of(job)).extracting(JobProgress::state, JobProgress::attempts)
                .containsExactly(MigrationState.SUCCEEDED, 2);
    }
}
