package io.rwx.migration;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.rwx.events.CloudEvent;
import io.rwx.events.EventIds;
import io.rwx.events.EventType;
import io.rwx.events.Topic;
import io.rwx.events.migration.MigrationFailed;
import io.rwx.events.migration.MigrationOptions;
import io.rwx.events.migration.MigrationProgress;
import io.rwx.events.migration.MigrationRejected;
import io.rwx.events.migration.MigrationRequested;
import io.rwx.events.migration.MigrationSucceeded;
import io.rwx.events.migration.RejectionReason;
import io.rwx.events.migration.VerifyMode;
import io.rwx.migration.model.CopyScript;
import io.rwx.testing.Fixtures;
import io.rwx.testing.kafka.EventTestClient;
import io.rwx.testing.kafka.KafkaBroker;
import io.rwx.testing.kafka.KafkaBrokerResource;
import io.rwx.testing.kubernetes.ApiServer;
import io.rwx.testing.kubernetes.ApiServerResource;
import io.rwx.testing.kubernetes.InjectApiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * migration-service against the mock API server and a real broker. The test plays the Job controller and the
 * kubelet (Job status, the copy pod and its termination message); the copy itself is tested by CopyCommandTest.
 */
@QuarkusTest
@QuarkusTestResource(ApiServerResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class MigrationMockTest {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final String NS = "mig";

    @InjectApiServer
    ApiServer api;
    KubernetesClient client;
    EventTestClient kafka;

    @BeforeEach
    void setUp() {
        client = api.client();
        kafka = new EventTestClient(KafkaBroker.shared().bootstrapServers(),
                List.of(Topic.MIGRATIONS.defaultName(), Topic.MIGRATIONS.defaultDlqName()));
        if (client.namespaces().withName(NS).get() == null) {
            client.resource(Fixtures.namespace(NS)).create();
            pvc("src", "ReadWriteOnce", "10Gi");
            pvc("src-busy", "ReadWriteOnce", "10Gi");
            pvc("src-inuse", "ReadWriteOnce", "10Gi");
            pvc("tgt", "ReadWriteMany", "10Gi");
            pvc("tgt-busy", "ReadWriteMany", "10Gi");
            pvc("tgt-small", "ReadWriteMany", "5Gi");
            pvc("tgt-rwo", "ReadWriteOnce", "20Gi");
            client.resource(Fixtures.workloadPod(NS, "writer", "src-inuse").build()).create();
            given().contentType(ContentType.JSON).body(body("busy", "src-busy", "tgt-busy", false))
                    .post("/migrations").then().statusCode(202);
        }
    }

    @AfterEach
    void tearDown() {
        kafka.close();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
        invalid PVC name          | src        | Tgt_1      | 400 | invalid-name
        same PVC                  | src        | src        | 400 | same-pvc
        source missing            | nope       | tgt        | 404 | source-not-found
        target missing            | src        | nope       | 404 | target-not-found
        target not RWX            | src        | tgt-rwo    | 422 | target-not-rwx
        target smaller            | src        | tgt-small  | 422 | target-too-small
        source in a migration     | src-busy   | tgt        | 409 | migration-in-progress
        target in a migration     | src        | tgt-busy   | 409 | migration-in-progress
        source written by a pod   | src-inuse  | tgt        | 409 | source-in-use
        """)
    void everyRejectionAnswersWithItsReasonAndIsPublished(String description, String source, String target,
            int status, String reason) {
        given().contentType(ContentType.JSON).body(body(null, source, target, false)).post("/migrations")
                .then().statusCode(status).body("reason", equalTo(reason)).body("message", startsWith(""));

        if (!reason.equals("invalid-name")) {
            CloudEvent<?> rejected = kafka.await(EventType.MIGRATION_REJECTED,
                    e -> e.dataAs(MigrationRejected.class).targetPvc().equals(target)
                            && e.dataAs(MigrationRejected.class).sourcePvc().equals(source), TIMEOUT);
            assertThat(rejected.dataAs(MigrationRejected.class).reason().name().toLowerCase().replace('_', '-'))
                    .isEqualTo(reason);
            assertThat(rejected.partitionKey()).isEqualTo(NS + "/" + target);
        }
        assertThat(client.batch().v1().jobs().inNamespace(NS).list().getItems())
                .as("no Job for a refused request").noneMatch(j -> target.equals(j.getMetadata().getAnnotations()
                        .get("migration.rwx.io/target-pvc")) && source.equals(j.getMetadata().getAnnotations()
                        .get("migration.rwx.io/source-pvc")));
    }

    @Test
    void differentNamespacesAreRefused() {
        given().contentType(ContentType.JSON).body(Map.of("namespace", NS, "sourcePvc", "src", "targetPvc", "tgt",
                "targetNamespace", "elsewhere")).post("/migrations")
                .then().statusCode(400).body("reason", equalTo("different-namespaces"));
    }

    @Test
    void aForcedRequestMayCopyASourceInUse() {
        given().contentType(ContentType.JSON).body(body("forced", "src-inuse", "tgt-small2", true))
                .post("/migrations").then().statusCode(404).body("reason", equalTo("target-not-found"));
        pvc("tgt-forced", "ReadWriteMany", "10Gi");
        given().contentType(ContentType.JSON).body(body("forced", "src-inuse", "tgt-forced", true))
                .post("/migrations").then().statusCode(202).body("state", equalTo("PENDING"));
        cancel("forced");
    }

    @Test
    void aSuccessfulMigrationIsFollowedToItsSummaryAndItsJobCleanedUp() {
        pvc("ok-src", "ReadWriteOnce", "1Gi");
        pvc("ok-tgt", "ReadWriteMany", "2Gi");
        given().contentType(ContentType.JSON).body(body("ok", "ok-src", "ok-tgt", false)).post("/migrations")
                .then().statusCode(202).header("Location", org.hamcrest.Matchers.endsWith("/migrations/ok"))
                .body("job", equalTo("rwx-migrate-ok"));

        Job job = client.batch().v1().jobs().inNamespace(NS).withName("rwx-migrate-ok").get();
        assertThat(job.getSpec().getBackoffLimit()).isEqualTo(3);
        assertThat(job.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand())
                .containsExactly("/bin/sh", "-c", CopyScript.SCRIPT);
        kafka.await(EventType.MIGRATION_STARTED, NS + "/ok-tgt", TIMEOUT);

        // Job controller + kubelet: an attempt runs (its pod prints rsync's progress), then succeeds and leaves
        // copy.sh's summary
        jobStatus("rwx-migrate-ok", new JobStatusBuilder().withActive(1).build());
        client.resource(new PodBuilder().withNewMetadata().withName("rwx-migrate-ok-x0").withNamespace(NS)
                .withLabels(Map.of("migration.rwx.io/id", "ok", "job-name", "rwx-migrate-ok")).endMetadata()
                .withNewSpec().addNewContainer().withName("copy").withImage("img").endContainer().endSpec()
                .withNewStatus().withPhase("Running").endStatus().build()).create();
        api.appendPodLog(NS, "rwx-migrate-ok-x0", "      32768   0%    0.00kB/s    0:00:00\n"
                + "     262144  25%    1.00MB/s    0:00:03 (xfr#30, to-chk=90/120)\n");
        CloudEvent<?> moving = kafka.await(EventType.MIGRATION_PROGRESS, e -> e.subject().equals(NS + "/ok-tgt")
                && Long.valueOf(262144).equals(e.dataAs(MigrationProgress.class).bytesCopied()), TIMEOUT);
        assertThat(moving.dataAs(MigrationProgress.class).filesDone()).isEqualTo(30);
        assertThat(moving.dataAs(MigrationProgress.class).filesTotal()).isEqualTo(120);
        assertThat(moving.dataAs(MigrationProgress.class).percent()).isEqualTo(25);
        given().get("/migrations/ok").then().statusCode(200).body("state", equalTo("RUNNING"))
                .body("progress.bytesCopied", equalTo(262144)).body("progress.filesTotal", equalTo(120));
        client.pods().inNamespace(NS).withName("rwx-migrate-ok-x0").delete();
        client.resource(new PodBuilder().withNewMetadata().withName("rwx-migrate-ok-x1").withNamespace(NS)
                .withLabels(Map.of("migration.rwx.io/id", "ok", "job-name", "rwx-migrate-ok")).endMetadata()
                .withNewSpec().addNewContainer().withName("copy").withImage("img").endContainer().endSpec()
                .withNewStatus().withPhase("Succeeded").withContainerStatuses(new ContainerStatusBuilder()
                        .withName("copy").withNewState().withNewTerminated().withExitCode(0).withMessage(
                                "{\"files\":120,\"filesTransferred\":118,\"bytes\":1048576,\"bytesTransferred\":"
                                        + "1040000,\"durationSeconds\":3,\"verify\":\"checksum\",\"verified\":true}")
                        .endTerminated().endState().build()).endStatus().build()).create();
        jobStatus("rwx-migrate-ok", new JobStatusBuilder().withSucceeded(1).withCompletionTime(Instant.now().toString())
                .withConditions(new JobConditionBuilder().withType("Complete").withStatus("True").build()).build());

        CloudEvent<?> succeeded = kafka.await(EventType.MIGRATION_SUCCEEDED, NS + "/ok-tgt", TIMEOUT);
        MigrationSucceeded s = succeeded.dataAs(MigrationSucceeded.class);
        assertThat(s.summary().files()).isEqualTo(120);
        assertThat(s.summary().verified()).isTrue();
        assertThat(s.attempts()).isEqualTo(1);
        // remembered durably: the history ConfigMap holds it for a restarted service
        await().atMost(TIMEOUT).until(() -> {
            var history = client.configMaps().inNamespace("longhorn-system").withName("rwx-migration-history").get();
            return history != null && history.getData() != null && history.getData().containsKey("ok");
        });
        given().get("/migrations/ok").then().statusCode(200).body("state", equalTo("SUCCEEDED"))
                .body("summary.bytes", equalTo(1048576));

        // cleaned up after the (test) TTL of 2 s, still answerable afterwards
        await().atMost(TIMEOUT).until(() -> client.batch().v1().jobs().inNamespace(NS).withName("rwx-migrate-ok")
                .get() == null);
        given().get("/migrations/ok").then().statusCode(200).body("state", equalTo("SUCCEEDED"));
        assertThat(kafka.events(EventType.MIGRATION_SUCCEEDED)).hasSize(1);
        String metrics = given().get("/q/metrics").asString();
        assertThat(metrics).contains("rwx_migration_migrations_total{result=\"succeeded\"}")
                .contains("rwx_migration_copied_bytes_total").contains("rwx_migration_duration_seconds_bucket")
                .contains("rwx_migration_active");
    }

    @Test
    void aMigrationThatFailsThreeRetriesIsReportedFailedAndItsJobIsKept() {
        pvc("bad-src", "ReadWriteOnce", "1Gi");
        pvc("bad-tgt", "ReadWriteMany", "1Gi");
        given().contentType(ContentType.JSON).body(body("bad", "bad-src", "bad-tgt", false)).post("/migrations")
                .then().statusCode(202);
        jobStatus("rwx-migrate-bad", new JobStatusBuilder().withActive(1).withFailed(3).build());
        given().get("/migrations/bad").then().body("state", equalTo("RUNNING")).body("attempts", equalTo(4));
        // kubelet: the last attempt's pod failed and left copy.sh's error as its termination message
        client.resource(new PodBuilder().withNewMetadata().withName("rwx-migrate-bad-x3").withNamespace(NS)
                .withLabels(Map.of("migration.rwx.io/id", "bad", "job-name", "rwx-migrate-bad")).endMetadata()
                .withNewSpec().addNewContainer().withName("copy").withImage("img").endContainer().endSpec()
                .withNewStatus().withPhase("Failed").withContainerStatuses(new ContainerStatusBuilder()
                        .withName("copy").withNewState().withNewTerminated().withExitCode(127).withMessage(
                                "{\"error\":\"rsync is not installed in the copy image\"}")
                        .endTerminated().endState().build()).endStatus().build()).create();
        jobStatus("rwx-migrate-bad", new JobStatusBuilder().withFailed(4).withConditions(new JobConditionBuilder()
                .withType("Failed").withStatus("True").withReason("BackoffLimitExceeded")
                .withMessage("Job has reached the specified backoff limit").build()).build());

        CloudEvent<?> failed = kafka.await(EventType.MIGRATION_FAILED, NS + "/bad-tgt", TIMEOUT);
        assertThat(failed.dataAs(MigrationFailed.class).attempts()).isEqualTo(4);
        assertThat(failed.dataAs(MigrationFailed.class).reason()).isEqualTo("BackoffLimitExceeded");
        // the Job only says it gave up; why it did is in the event, the status and the Warning Event
        assertThat(failed.dataAs(MigrationFailed.class).message()).contains("rsync is not installed in the copy image");
        given().get("/migrations/bad").then().body("state", equalTo("FAILED"))
                .body("message", org.hamcrest.Matchers.containsString("rsync is not installed"));
        // kept for inspection, well past the success TTL
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(8)).until(() ->
                client.batch().v1().jobs().inNamespace(NS).withName("rwx-migrate-bad").get() != null);
        assertThat(client.v1().events().inNamespace(NS).list().getItems())
                .anySatisfy(e -> {
                    assertThat(e.getReason()).isEqualTo("MigrationFailed");
                    assertThat(e.getMessage()).contains("rsync is not installed in the copy image");
                });
    }

    @Test
    void cancellingDeletesTheJobAndReportsIt() {
        pvc("c-src", "ReadWriteOnce", "1Gi");
        pvc("c-tgt", "ReadWriteMany", "1Gi");
        given().contentType(ContentType.JSON).body(body("c1", "c-src", "c-tgt", false)).post("/migrations")
                .then().statusCode(202);
        jobStatus("rwx-migrate-c1", new JobStatusBuilder().withActive(1).build());

        cancel("c1");

        assertThat(client.batch().v1().jobs().inNamespace(NS).withName("rwx-migrate-c1").get()).isNull();
        CloudEvent<?> failed = kafka.await(EventType.MIGRATION_FAILED, NS + "/c-tgt", TIMEOUT);
        assertThat(failed.dataAs(MigrationFailed.class).reason()).isEqualTo("Cancelled");
        given().get("/migrations/c1").then().statusCode(200).body("state", equalTo("CANCELLED"));
        given().delete("/migrations/c1").then().statusCode(409);
        given().delete("/migrations/never-was").then().statusCode(404);
        // the PVCs are free again
        given().contentType(ContentType.JSON).body(body("c2", "c-src", "c-tgt", false)).post("/migrations")
                .then().statusCode(202);
        cancel("c2");
    }

    @Test
    void aKafkaRequestIsAdmittedOnceAndARefusalIsPublished() {
        pvc("k-src", "ReadWriteOnce", "1Gi");
        pvc("k-tgt", "ReadWriteMany", "1Gi");
        CloudEvent<MigrationRequested> request = CloudEvent.of(EventIds.random(), "//ops/backstage", Instant.now(),
                new MigrationRequested(null, NS, "k-src", "k-tgt", new MigrationOptions(VerifyMode.SIZE, false, false)));
        kafka.publish(request);
        kafka.publish(request); // redelivered

        CloudEvent<?> started = kafka.await(EventType.MIGRATION_STARTED, NS + "/k-tgt", TIMEOUT);
        String id = MigrationCoordinator.idFor(request.id());
        assertThat(started.dataAs(io.rwx.events.migration.MigrationStarted.class).migrationId()).isEqualTo(id);
        given().get("/migrations/" + id).then().statusCode(200);
        await().atMost(TIMEOUT).until(() -> kafka.received().stream().anyMatch(r -> r.event().id().equals(request.id())));
        assertThat(client.batch().v1().jobs().inNamespace(NS).withLabel("migration.rwx.io/id", id).list().getItems())
                .hasSize(1);

        kafka.publish(CloudEvent.of(EventIds.random(), "//ops/backstage", Instant.now(),
                new MigrationRequested("k-2", NS, "k-src", "k-src", null)));
        CloudEvent<?> rejected = kafka.await(EventType.MIGRATION_REJECTED, e -> "k-2".equals(
                e.dataAs(MigrationRejected.class).migrationId()), TIMEOUT);
        assertThat(rejected.dataAs(MigrationRejected.class).reason()).isEqualTo(RejectionReason.SAME_PVC);
        cancel(id);
    }

    @Test
    void theApiIsDocumented() {
        given().get("/q/openapi").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("/migrations/{id}"))
                .body(org.hamcrest.Matchers.containsString("target-too-small"));
    }

    // --- helpers --------------------------------------------------------------------------------------------

    private void cancel(String id) {
        given().delete("/migrations/" + id).then().statusCode(202).body("state", equalTo("CANCELLED"));
    }

    private void jobStatus(String name, io.fabric8.kubernetes.api.model.batch.v1.JobStatus status) {
        client.batch().v1().jobs().inNamespace(NS).withName(name).editStatus(j -> {
            j.setStatus(status);
            return j;
        });
    }

    private PersistentVolumeClaim pvc(String name, String mode, String size) {
        return client.resource(new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).withNamespace(NS)
                .endMetadata().withNewSpec().withAccessModes(mode).withNewResources()
                .withRequests(Map.of("storage", new Quantity(size))).endResources().endSpec()
                .withNewStatus().withPhase("Bound").withCapacity(Map.of("storage", new Quantity(size))).endStatus()
                .build()).create();
    }

    private static Map<String, Object> body(String id, String source, String target, boolean force) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("namespace", NS, "sourcePvc", source,
                "targetPvc", target, "options", Map.of("verify", "checksum", "overwrite", false, "force", force)));
        if (id != null) {
            body.put("migrationId", id);
        }
        return body;
    }
}
