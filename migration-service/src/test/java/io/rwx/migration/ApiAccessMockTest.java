package io.rwx.migration;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.rwx.events.CloudEvent;
import io.rwx.events.EventIds;
import io.rwx.events.EventType;
import io.rwx.events.Topic;
import io.rwx.events.migration.MigrationRejected;
import io.rwx.events.migration.MigrationRequested;
import io.rwx.events.migration.RejectionReason;
import io.rwx.migration.model.MigrationJobBuilder;
import io.rwx.testing.Fixtures;
import io.rwx.testing.kafka.EventTestClient;
import io.rwx.testing.kafka.KafkaBroker;
import io.rwx.testing.kafka.KafkaBrokerResource;
import io.rwx.testing.kubernetes.AccessPolicy;
import io.rwx.testing.kubernetes.ApiServer;
import io.rwx.testing.kubernetes.ApiServerResource;
import io.rwx.testing.kubernetes.InjectApiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Nobody makes the service act on a namespace they could not touch themselves. The API answers only callers with a
 * Kubernetes token (TokenReview), and asks the API server, as the caller, for each permission the request needs
 * (SubjectAccessReview): these tests register users in the in-memory API server and read back what was asked.
 */
@QuarkusTest
@QuarkusTestResource(ApiServerResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class ApiAccessMockTest {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @InjectApiServer
    ApiServer api;
    KubernetesClient client;
    AccessPolicy policy;

    @BeforeEach
    void setUp() {
        client = api.client();
        policy = api.policy();
        policy.token("alice-token", "alice").token("bob-token", "bob").token("carol-token", "carol");
        // alice: a migration's rights in team-a only; bob: read-only everywhere; carol: team-a, no delete
        for (String verb : List.of("get", "update", "delete")) {
            policy.allow("alice", verb, "", "persistentvolumeclaims", "team-a");
        }
        for (String verb : List.of("get", "list", "delete")) {
            policy.allow("alice", verb, "batch", "jobs", "team-a");
        }
        policy.allow("bob", "get", "*", "*", null).allow("bob", "list", "*", "*", null);
        policy.allow("carol", "get", "", "persistentvolumeclaims", "team-a")
                .allow("carol", "update", "", "persistentvolumeclaims", "team-a");
        for (String ns : List.of("team-a", "team-b")) {
            if (client.namespaces().withName(ns).get() == null) {
                client.resource(Fixtures.namespace(ns)).create();
                pvc(ns, "old", "ReadWriteOnce");
                pvc(ns, "new", "ReadWriteMany");
                pvc(ns, "live", "ReadWriteMany");
                client.resource(Fixtures.workloadPod(ns, "web-1", "live").build()).create();
                client.resource(Fixtures.workloadPod(ns, "web-2", "live").build()).create();
            }
        }
        policy.clearReviews();
    }

    @AfterEach
    void cleanUp() {
        client.batch().v1().jobs().inAnyNamespace().withLabel(MigrationJobBuilder.LABEL_MANAGED_BY,
                MigrationJobBuilder.MANAGED_BY).delete();
    }

    @Test
    void anonymousAndUnknownCallersGet401() {
        given().header("Authorization", "").contentType(ContentType.JSON).body(body("team-a", "old", "new", false))
                .post("/migrations").then().statusCode(401).body("reason", equalTo("unauthenticated"))
                .header("WWW-Authenticate", containsString("Bearer"));
        given().header("Authorization", "Bearer not-a-token").get("/migrations").then().statusCode(401)
                .body("message", containsString("not recognised"));
        given().header("Authorization", "").get("/q/health/ready").then().statusCode(200);
        given().header("Authorization", "").get("/q/metrics").then().statusCode(200);
        assertThat(jobs()).isZero();
    }

    @Test
    void aCallerWithoutRightsGets403NamingThePermissionAndNothingIsCreated() {
        given().header("Authorization", "Bearer bob-token").contentType(ContentType.JSON)
                .body(body("team-a", "old", "new", false)).post("/migrations").then().statusCode(403)
                .body("reason", equalTo("forbidden"))
                .body("missing", equalTo("update persistentvolumeclaims new in namespace team-a"));
        assertThat(jobs()).isZero();
        assertThat(policy.reviews()).anySatisfy(r -> {
            assertThat(r.user()).isEqualTo("bob");
            assertThat(r.verb()).isEqualTo("update");
            assertThat(r.resource()).isEqualTo("persistentvolumeclaims");
            assertThat(r.namespace()).isEqualTo("team-a");
        });
    }

    @Test
    void aCallerAllowedInOneNamespaceCannotMigrateInAnother() {
        given().header("Authorization", "Bearer alice-token").contentType(ContentType.JSON)
                .body(body("team-b", "old", "new", false)).post("/migrations").then().statusCode(403);
        assertThat(jobs()).isZero();
        String id = given().header("Authorization", "Bearer alice-token").contentType(ContentType.JSON)
                .body(body("team-a", "old", "new", false)).post("/migrations").then().statusCode(202)
                .extract().path("id");
        var job = client.batch().v1().jobs().inNamespace("team-a").withName(MigrationJobBuilder.jobName(id)).get();
        assertThat(job.getMetadata().getAnnotations()).as("who asked is on the Job")
                .containsEntry(MigrationJobBuilder.ANNOTATION_REQUESTED_BY, "alice");
        given().header("Authorization", "Bearer bob-token").get("/migrations/" + id).then().statusCode(200);
        given().header("Authorization", "Bearer bob-token").delete("/migrations/" + id).then().statusCode(403);
        given().header("Authorization", "Bearer alice-token").delete("/migrations/" + id).then().statusCode(202);
    }

    @Test
    void overwriteNeedsTheRightToDelete() {
        given().header("Authorization", "Bearer carol-token").contentType(ContentType.JSON)
                .body(body("team-a", "old", "new", true)).post("/migrations").then().statusCode(403)
                .body("missing", equalTo("delete persistentvolumeclaims in namespace team-a"));
        assertThat(jobs()).isZero();
    }

    @Test
    void aTargetMountedByRunningPodsIsRefusedWhateverForceSays() {
        Map<String, Object> body = body("team-a", "old", "live", true);
        given().header("Authorization", "Bearer alice-token").contentType(ContentType.JSON).body(body)
                .post("/migrations").then().statusCode(409).body("reason", equalTo("target-in-use"))
                .body("message", containsString("web-"));
        assertThat(jobs()).isZero();
    }

    @Test
    void aKafkaRequestFromAnUntrustedSourceIsRejectedWithNoJob() {
        try (EventTestClient kafka = new EventTestClient(KafkaBroker.shared().bootstrapServers(),
                List.of(Topic.MIGRATIONS.defaultName()))) {
            kafka.publish(CloudEvent.of(EventIds.random(), "//evil/anyone", Instant.now(),
                    new MigrationRequested("evil-1", "team-a", "old", "new", null)));
            CloudEvent<?> rejected = kafka.await(EventType.MIGRATION_REJECTED,
                    e -> "evil-1".equals(e.dataAs(MigrationRejected.class).migrationId()), TIMEOUT);
            assertThat(rejected.dataAs(MigrationRejected.class).reason()).isEqualTo(RejectionReason.UNTRUSTED_SOURCE);
            assertThat(rejected.requestedBy()).as("requestedby names the source").isEqualTo("//evil/anyone");
        }
        assertThat(jobs()).isZero();
    }

    @Test
    void unknownPropertiesAndOversizedBodiesAre400And413() {
        Map<String, Object> body = new java.util.HashMap<>(body("team-a", "old", "new", false));
        body.put("nameSpace", "team-b");
        given().contentType(ContentType.JSON).body(body).post("/migrations").then().statusCode(400)
                .body("reason", equalTo("invalid-body")).body("message", containsString("'nameSpace'"));
        given().contentType(ContentType.JSON).body("{\"namespace\":\"" + "x".repeat(70_000) + "\"}")
                .post("/migrations").then().statusCode(413);
        given().contentType(ContentType.JSON).body(Map.of("namespace", "team-a", "sourcePvc", "old", "targetPvc", "new",
                "options", Map.of("runAsUser", 0))).post("/migrations").then().statusCode(400)
                .body("message", containsString("runAsUser"));
        assertThat(jobs()).isZero();
    }

    private long jobs() {
        return client.batch().v1().jobs().inAnyNamespace().withLabel(MigrationJobBuilder.LABEL_MANAGED_BY,
                MigrationJobBuilder.MANAGED_BY).list().getItems().size();
    }

    private void pvc(String ns, String name, String mode) {
        client.resource(new PersistentVolumeClaimBuilder().withNewMetadata().withName(name).withNamespace(ns)
                .endMetadata().withNewSpec().withAccessModes(mode).withNewResources()
                .withRequests(Map.of("storage", new Quantity("1Gi"))).endResources().endSpec()
                .withNewStatus().withPhase("Bound").withCapacity(Map.of("storage", new Quantity("1Gi"))).endStatus()
                .build()).create();
    }

    private static Map<String, Object> body(String ns, String source, String target, boolean overwrite) {
        return Map.of("namespace", ns, "sourcePvc", source, "targetPvc", target,
                "options", Map.of("verify", "size", "overwrite", overwrite, "force", true));
    }
}
