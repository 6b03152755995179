package io.rwx.failover;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rwx.crds.Longhorn;
import io.rwx.events.CloudEvent;
import io.rwx.events.CloudEventCodec;
import io.rwx.events.EventIds;
import io.rwx.events.EventType;
import io.rwx.events.Topic;
import io.rwx.events.common.AccessMode;
import io.rwx.events.common.FailureReason;
import io.rwx.events.failover.FailoverCompleted;
import io.rwx.events.failover.RemountRequested;
import io.rwx.events.failover.RestartNeededReason;
import io.rwx.events.failover.WorkloadPodDeleted;
import io.rwx.events.failover.WorkloadRestartNeeded;
import io.rwx.events.node.NodeFailed;
import io.rwx.events.node.NodeFailureReason;
import io.rwx.events.sharemanager.ShareManagerFailed;
import io.rwx.events.sharemanager.ShareManagerReady;
import io.rwx.events.volume.VolumeObserved;
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

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * failover-service against the fabric8 mock API server (CRDs installed) and a real Kafka broker. The test plays
 * volume-watcher (publishes contract events), share-manager-controller, the kubelet and the workload
 * controllers, explicitly.
 */
@QuarkusTest
@QuarkusTestResource(ApiServerResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class FailoverMockTest {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final String WATCHER = "//rwx/test/volume-watcher";

    @InjectApiServer
    ApiServer api;

    KubernetesClient client;
    EventTestClient kafka;

    @BeforeEach
    void connect() {
        client = api.client();
        kafka = new EventTestClient(KafkaBroker.shared().bootstrapServers(),
                List.of(Topic.FAILOVERS.defaultName(), Topic.SHARE_MANAGERS.defaultDlqName()));
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    @Test
    void deletesExactlyTheControllerOwnedPodsStartedBeforeTheStampOnceAfterTheReplacementIsReady() {
        FailoverScenario s = new FailoverScenario(client, "vol-mixed", "shop");
        Pod failedSm = s.create();
        Pod web = s.workload(s.pod("web-5f-abc").ownedBy("apps/v1", "ReplicaSet", "web-5f").onNode("node-1")
                .startedAt(FailoverScenario.secondsAgo(600)));
        Pod db = s.workload(s.pod("db-0").ownedBy("apps/v1", "StatefulSet", "db").onNode("node-2")
                .startedAt(FailoverScenario.secondsAgo(600)));
        Pod shell = s.workload(s.pod("debug-shell").onNode("node-2").startedAt(FailoverScenario.secondsAgo(600)));

        Instant failedAt = s.failShareManager(Instant.now());
        publishFailed(s.volume, failedSm, failedAt);

        await().atMost(TIMEOUT).until(() -> s.stamp() != null);
        String stamp = s.stamp();
        assertThat(Instant.parse(stamp)).isEqualTo(failedAt.truncatedTo(ChronoUnit.SECONDS));
        CloudEvent<?> remount = kafka.await(EventType.FAILOVER_REMOUNT_REQUESTED, s.volume, TIMEOUT);
        assertThat(remount.dataAs(RemountRequested.class).episode()).isEqualTo(failedSm.getMetadata().getUid());
        // no replacement yet: nothing may be deleted
        assertThat(s.get("web-5f-abc")).isNotNull();
        assertThat(s.get("db-0")).isNotNull();

        Pod late = s.workload(s.pod("web-5f-late").ownedBy("apps/v1", "ReplicaSet", "web-5f").onNode("node-2")
                .startedAt(Instant.parse(stamp).plusSeconds(1)));
        Pod replacement = s.replaceShareManager("node-2");
        publish(new ShareManagerReady(s.volume, replacement.getMetadata().getName(), replacement.getMetadata().getUid(),
                "node-2", "10.42.0.9"), Instant.now());

        await().atMost(TIMEOUT).until(() -> s.get("web-5f-abc") == null && s.get("db-0") == null);
        List<CloudEvent<?>> deleted = awaitCount(EventType.FAILOVER_WORKLOAD_POD_DELETED, s.volume, 2);
        assertThat(deleted).extracting(e -> e.dataAs(WorkloadPodDeleted.class).pod().uid())
                .containsExactlyInAnyOrder(web.getMetadata().getUid(), db.getMetadata().getUid());
        assertThat(deleted).allSatisfy(e -> assertThat(e.dataAs(WorkloadPodDeleted.class).gracePeriodSeconds())
                .isEqualTo(30));
        CloudEvent<?> restart = kafka.await(EventType.FAILOVER_WORKLOAD_RESTART_NEEDED, s.volume, TIMEOUT);
        assertThat(restart.dataAs(WorkloadRestartNeeded.class).pod().name()).isEqualTo("debug-shell");
        assertThat(restart.dataAs(WorkloadRestartNeeded.class).reason()).isEqualTo(RestartNeededReason.NO_CONTROLLER_OWNER);
        assertThat(s.get("debug-shell").getMetadata().getUid()).isEqualTo(shell.getMetadata().getUid());
        assertThat(s.get("web-5f-late").getMetadata().getUid()).isEqualTo(late.getMetadata().getUid());
        assertThat(warnings("shop", "debug-shell")).anySatisfy(e -> assertThat(e.getReason()).isEqualTo("RemountRequired"));

        // the same failure again, late, and the ready signal again: nothing moves
        double readyBefore = consumed(EventType.SHARE_MANAGER_READY);
        publishFailed(s.volume, failedSm, failedAt);
        publish(new ShareManagerReady(s.volume, replacement.getMetadata().getName(), replacement.getMetadata().getUid(),
                "node-2", "10.42.0.9"), Instant.now());
        await().atMost(TIMEOUT).until(() -> consumed(EventType.SHARE_MANAGER_READY) >= readyBefore + 1);
        assertThat(s.stamp()).isEqualTo(stamp);
        assertThat(kafka.events(EventType.FAILOVER_WORKLOAD_POD_DELETED)).hasSize(2);
        assertThat(kafka.events(EventType.FAILOVER_REMOUNT_REQUESTED).stream().filter(e -> e.subject().equals(s.volume)))
                .as("stamped once").hasSize(1);

        // the controllers recreate the deleted pods; a later snapshot completes the episode
        s.workload(s.pod("web-5f-new").ownedBy("apps/v1", "ReplicaSet", "web-5f").onNode("node-1")
                .startedAt(Instant.now()));
        s.workload(s.pod("db-0").ownedBy("apps/v1", "StatefulSet", "db").onNode("node-2").startedAt(Instant.now()));
        publish(new VolumeObserved(s.volume, null, AccessMode.RWX, "attached", "healthy", "node-2", "node-2", null,
                null, null, null, List.of(), null, "1"), Instant.now());
        CloudEvent<?> completed = kafka.await(EventType.FAILOVER_COMPLETED, s.volume, TIMEOUT);
        FailoverCompleted done = completed.dataAs(FailoverCompleted.class);
        assertThat(done.podsDeleted()).isEqualTo(2);
        assertThat(done.podsNeedingRestart()).isEqualTo(1);
        assertThat(done.autoDelete()).isTrue();
        assertThat(done.timeline().detected()).isEqualTo(Instant.parse(stamp));
        assertThat(done.timeline().replacementReady()).isNotNull();
        assertThat(done.timeline().workloadsDeleted()).isNotNull();
        assertThat(done.timeline().workloadsRunning()).isAfterOrEqualTo(done.timeline().workloadsDeleted());
        assertThat(metric("rwx_failover_episodes_total", "result", "completed")).isGreaterThanOrEqualTo(1);
        assertThat(metric("rwx_failover_workload_pods_deleted_total", "forced", "false")).isGreaterThanOrEqualTo(2);
        assertThat(given().get("/q/metrics").asString()).contains("rwx_failover_phase_duration_seconds_bucket");
    }

    @Test
    void withAutoDeleteOffNothingIsDeletedAndThePvcGetsAWarning() {
        FailoverScenario s = new FailoverScenario(client, "vol-off", "books");
        Pod sm = s.create();
        s.setting(Longhorn.SETTING_AUTO_DELETE_POD, "false");
        try {
            Pod web = s.workload(s.pod("web-1").ownedBy("apps/v1", "ReplicaSet", "web").onNode("node-1")
                    .startedAt(FailoverScenario.secondsAgo(300)));
            s.failShareManager();
            publishFailed(s.volume, sm, Instant.now());
            Pod replacement = s.replaceShareManager("node-2");
            publish(new ShareManagerReady(s.volume, replacement.getMetadata().getName(),
                    replacement.getMetadata().getUid(), "node-2", null), Instant.now());

            CloudEvent<?> restart = kafka.await(EventType.FAILOVER_WORKLOAD_RESTART_NEEDED, s.volume, TIMEOUT);
            assertThat(restart.dataAs(WorkloadRestartNeeded.class).reason()).isEqualTo(RestartNeededReason.AUTO_DELETE_DISABLED);
            assertThat(restart.dataAs(WorkloadRestartNeeded.class).message()).contains("I/O errors");
            CloudEvent<?> completed = kafka.await(EventType.FAILOVER_COMPLETED, s.volume, TIMEOUT);
            assertThat(completed.dataAs(FailoverCompleted.class).autoDelete()).isFalse();
            assertThat(completed.dataAs(FailoverCompleted.class).podsDeleted()).isZero();
            assertThat(s.get("web-1").getMetadata().getUid()).isEqualTo(web.getMetadata().getUid());
            assertThat(warnings("books", s.pvc)).anySatisfy(e -> {
                assertThat(e.getReason()).isEqualTo("WorkloadsMayFail");
                assertThat(e.getMessage()).contains("I/O errors");
            });
            assertThat(kafka.events(EventType.FAILOVER_WORKLOAD_POD_DELETED)).isEmpty();
        } finally {
            s.setting(Longhorn.SETTING_AUTO_DELETE_POD, "true");
        }
    }

    @Test
    void anUnconfirmedReportChangesNothingUnlessItsSourceIsTrusted() {
        FailoverScenario s = new FailoverScenario(client, "vol-healthy", "media");
        Pod sm = s.create();
        s.workload(s.pod("web-1").ownedBy("apps/v1", "ReplicaSet", "web").startedAt(FailoverScenario.secondsAgo(300)));
        double before = metric("rwx_failover_episodes_total", "result", "unconfirmed");

        publishFailed(s.volume, sm, Instant.now());

        await().atMost(TIMEOUT).until(() -> metric("rwx_failover_episodes_total", "result", "unconfirmed") > before);
        assertThat(s.stamp()).isNull();

        // the same report from a trusted source is acted on: the stamp is set
        kafka.publish(CloudEvent.of(EventIds.random(), "//trusted/cmdb", Instant.now(), new ShareManagerFailed(
                s.volume, null, null, "node-1", FailureReason.EXTERNAL, "reported by the CMDB")));
        await().atMost(TIMEOUT).until(() -> s.stamp() != null);
    }

    @Test
    void aNodeFailureFailsOverEveryShareManagerOnTheNode() {
        FailoverScenario a = new FailoverScenario(client, "vol-node-a", "ops");
        FailoverScenario b = new FailoverScenario(client, "vol-node-b", "ops");
        a.create();
        b.create();
        a.workload(a.pod("a-1").ownedBy("apps/v1", "ReplicaSet", "a").startedAt(FailoverScenario.secondsAgo(300)));
        b.workload(b.pod("b-1").ownedBy("apps/v1", "ReplicaSet", "b").startedAt(FailoverScenario.secondsAgo(300)));
        client.nodes().withName("node-1").editStatus(n -> {
            n.getStatus().getConditions().forEach(c -> c.setStatus("Unknown"));
            return n;
        });
        try {
            kafka.publish(CloudEvent.of(EventIds.random(), "//infra/monitoring", Instant.now(),
                    new NodeFailed("node-1", NodeFailureReason.EXTERNAL, "rack power loss")));

            kafka.await(EventType.FAILOVER_REMOUNT_REQUESTED, a.volume, TIMEOUT);
            kafka.await(EventType.FAILOVER_REMOUNT_REQUESTED, b.volume, TIMEOUT);
            assertThat(a.stamp()).isNotNull();
            assertThat(b.stamp()).isNotNull();
        } finally {
            client.nodes().withName("node-1").editStatus(n -> {
                n.getStatus().getConditions().forEach(c -> c.setStatus("True"));
                return n;
            });
        }
    }

    @Test
    void aReplacementThatNeverBecomesReadyStallsTheEpisodeWithoutDeletingAnything() {
        FailoverScenario s = new FailoverScenario(client, "vol-stall", "stall");
        Pod sm = s.create();
        s.workload(s.pod("web-1").ownedBy("apps/v1", "ReplicaSet", "web").startedAt(FailoverScenario.secondsAgo(900)));
        s.failShareManager();
        // the report claims a failure 2 minutes ago; the pod is younger, so the claim is clamped to its creation:
        // the episode stalls once the (test) replacement timeout of 5 s has passed without a replacement
        publishFailed(s.volume, sm, FailoverScenario.secondsAgo(120));

        CloudEvent<?> stalled = kafka.await(EventType.FAILOVER_STALLED, s.volume, TIMEOUT);
        assertThat(stalled.dataAs(io.rwx.events.failover.FailoverStalled.class).waitingFor()).isEqualTo("replacement-ready");
        assertThat(s.get("web-1")).isNotNull();
        assertThat(metric("rwx_failover_episodes_total", "result", "stalled")).isGreaterThanOrEqualTo(1);
        assertThat(client.v1().events().inNamespace(Fixtures.SYSTEM_NAMESPACE).list().getItems())
                .anySatisfy(e -> {
                    assertThat(e.getReason()).isEqualTo("FailoverStalled");
                    assertThat(e.getInvolvedObject().getName()).isEqualTo(s.volume);
                });
    }

    @Test
    void aMalformedEventIsDeadLetteredWithItsReasonAndDoesNotBlockThePartition() {
        Map<String, byte[]> headers = new LinkedHashMap<>(new CloudEventCodec().headers(CloudEvent.of("bad-1",
                WATCHER, Instant.now(), new ShareManagerFailed("vol-poison", null, null, null,
                        FailureReason.POD_FAILED, null))));
        kafka.publishRaw(Topic.SHARE_MANAGERS.defaultName(), "vol-poison", headers,
                "{\"volume\":\"vol-poison\",\"reason\":\"gremlins\"}".getBytes(StandardCharsets.UTF_8));

        EventTestClient.Rejected dead = kafka.awaitRejected(r -> r.topic().equals(Topic.SHARE_MANAGERS.defaultDlqName())
                && "vol-poison".equals(r.key()), TIMEOUT);
        assertThat(dead.header("dead-letter-reason")).contains("data.reason").contains("gremlins");
        // the partition goes on: a later event of the same key is processed
        double before = consumed(EventType.SHARE_MANAGER_READY);
        publish(new ShareManagerReady("vol-poison", "share-manager-vol-poison", "uid-x", "node-1", null), Instant.now());
        await().atMost(TIMEOUT).until(() -> consumed(EventType.SHARE_MANAGER_READY) > before);
    }

    private void publishFailed(String volume, Pod pod, Instant at) {
        publish(new ShareManagerFailed(volume, pod.getMetadata().getName(), pod.getMetadata().getUid(), "node-1",
                FailureReason.CONTAINER_EXITED, "exit 137"), at,
                EventIds.deterministic(EventType.SHARE_MANAGER_FAILED, volume, pod.getMetadata().getUid()));
    }

    private void publish(io.rwx.events.EventData data, Instant at) {
        publish(data, at, EventIds.random());
    }

    private void publish(io.rwx.events.EventData data, Instant at, String id) {
        kafka.publish(CloudEvent.of(id, WATCHER, at, data));
    }

    private List<CloudEvent<?>> awaitCount(EventType type, String subject, int count) {
        await().atMost(TIMEOUT).until(() -> kafka.events(type).stream().filter(e -> e.subject().equals(subject))
                .count() >= count);
        return kafka.events(type).stream().filter(e -> e.subject().equals(subject)).toList();
    }

    private List<Event> warnings(String namespace, String name) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .filter(e -> "Warning".equals(e.getType()) && name.equals(e.getInvolvedObject().getName())).toList();
    }

    private double consumed(EventType type) {
        return metric("rwx_failover_events_consumed_total", "type", type.type());
    }

    /** The value of a Prometheus sample whose labels include {@code label="value"}, 0 if absent. */
    static double metric(String name, String label, String value) {
        String body = given().get("/q/metrics").asString();
        return body.lines().filter(l -> l.startsWith(name + "{") && l.contains(label + "=\"" + value + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void aFailureNobodyReportedIsFoundFromTheControllersRecordAndFailedOver() {
        FailoverScenario s = new FailoverScenario(client, "vol-unreported", "quiet");
        Pod sm = s.create();
        s.workload(s.pod("web-1").ownedBy("apps/v1", "ReplicaSet", "web").startedAt(FailoverScenario.secondsAgo(300)));
        // volume-watcher was down: no report. share-manager-controller recorded the failure on the ShareManager
        // and replaced the pod; the periodic pass finds the record and opens the missed episode
        Instant failedAt = Instant.now().minusSeconds(1).truncatedTo(ChronoUnit.SECONDS);
        io.rwx.crds.ShareManager record = new io.rwx.crds.ShareManager();
        record.getMetadata().setName(s.volume);
        record.getMetadata().setNamespace(Fixtures.SYSTEM_NAMESPACE);
        record.getMetadata().setAnnotations(Map.of(io.rwx.kit.model.ShareManagerFailure.ANNOTATION,
                io.rwx.kit.kubernetes.Annotations.write(new io.rwx.kit.model.ShareManagerFailure(sm.getMetadata().getUid(),
                        sm.getMetadata().getName(), "node-1", FailureReason.POD_FAILED, failedAt))));
        client.resources(io.rwx.crds.ShareManager.class).resource(record).create();
        s.replaceShareManager("node-2");

        CloudEvent<?> remount = kafka.await(EventType.FAILOVER_REMOUNT_REQUESTED, s.volume, TIMEOUT);
        assertThat(remount.dataAs(RemountRequested.class).episode()).isEqualTo(sm.getMetadata().getUid());
        assertThat(Instant.parse(s.stamp())).isEqualTo(failedAt);
        await().atMost(TIMEOUT).until(() -> s.get("web-1") == null);
    }
}
