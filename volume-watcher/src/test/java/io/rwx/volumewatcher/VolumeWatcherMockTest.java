package io.rwx.volumewatcher;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rwx.crds.ShareManager;
import io.rwx.crds.ShareManagerState;
import io.rwx.crds.Volume;
import io.rwx.events.CloudEvent;
import io.rwx.events.EventType;
import io.rwx.events.Topic;
import io.rwx.events.common.FailureReason;
import io.rwx.events.node.NfsClientMissing;
import io.rwx.events.sharemanager.ShareManagerFailed;
import io.rwx.events.volume.VolumeObserved;
import io.rwx.events.volume.WorkloadPod;
import io.rwx.testing.Fixtures;
import io.rwx.testing.kafka.EventTestClient;
import io.rwx.testing.kafka.KafkaBroker;
import io.rwx.testing.kafka.KafkaBrokerResource;
import io.rwx.testing.kubernetes.ApiServer;
import io.rwx.testing.kubernetes.ApiServerResource;
import io.rwx.testing.kubernetes.InjectApiServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * volume-watcher against the mock API server (CRDs installed) and a real broker; the test plays the kubelet and
 * the controllers by writing the objects a cluster would write.
 */
@QuarkusTest
@QuarkusTestResource(ApiServerResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class VolumeWatcherMockTest {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final String SYS = Fixtures.SYSTEM_NAMESPACE;

    @InjectApiServer
    ApiServer api;
    @Inject
    VolumeWatcherService service;
    KubernetesClient client;
    EventTestClient kafka;

    @BeforeEach
    void connect() {
        client = api.client();
        if (client.namespaces().withName(SYS).get() == null) {
            client.resource(Fixtures.namespace(SYS)).create();
        }
        for (String node : List.of("node-1", "node-2")) {
            if (client.nodes().withName(node).get() == null) {
                client.resource(Fixtures.node(node, true)).create();
            }
        }
        kafka = new EventTestClient(KafkaBroker.shared().bootstrapServers(),
                Arrays.stream(Topic.values()).map(Topic::defaultName).toList());
        await().atMost(TIMEOUT).until(() -> service.watcher().isLeader());
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    @Test
    void snapshotsListTheWorkloadsAndNothingIsPublishedForIrrelevantChanges() {
        Instant started = Instant.now().minusSeconds(60).truncatedTo(ChronoUnit.SECONDS);
        volumeWithClaim("w1", "shop");
        client.resource(Fixtures.workloadPod("shop", "web-1", "w1-data").ownedBy("apps/v1", "ReplicaSet", "web-5f")
                .onNode("node-1").startedAt(started).build()).create();
        client.resource(Fixtures.workloadPod("shop", "db-0", "w1-data").ownedBy("apps/v1", "StatefulSet", "db")
                .onNode("node-2").startedAt(started).build()).create();

        VolumeObserved last = awaitSnapshot("w1", s -> s.workloads().size() == 2);
        assertThat(last.accessMode()).isEqualTo(io.rwx.events.common.AccessMode.RWX);
        assertThat(last.claim().name()).isEqualTo("w1-data");
        assertThat(last.claim().accessModes()).containsExactly("ReadWriteMany");
        WorkloadPod db = last.workloads().get(0);
        assertThat(db.name()).isEqualTo("db-0");
        assertThat(db.node()).isEqualTo("node-2");
        assertThat(db.startTime()).isEqualTo(started);
        assertThat(db.controller().groupKind()).isEqualTo("apps/StatefulSet");
        assertThat(last.workloads().get(1).controller().groupKind()).isEqualTo("apps/ReplicaSet");
        int before = snapshots("w1").size();

        // an unrelated pod, and an update of a workload that changes nothing in the snapshot
        client.resource(Fixtures.workloadPod("shop", "other", "unrelated-claim").build()).create();
        Pod web = client.pods().inNamespace("shop").withName("web-1").get();
        web.getMetadata().setLabels(Map.of("app", "web", "tier", "frontend"));
        client.pods().inNamespace("shop").resource(web).update();
        // a marker change handled after them (one ordered loop): once its snapshot is out, theirs would be too
        volumeWithClaim("w1-marker", "shop");
        awaitSnapshot("w1-marker", s -> true);

        assertThat(snapshots("w1")).as("irrelevant changes publish nothing").hasSize(before);
        assertThat(given().get("/q/metrics").asString()).contains("rwx_volumewatcher_events_published_total")
                .contains("rwx_volumewatcher_leader").contains("rwx_volumewatcher_informer_lag_seconds_bucket");
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void eachShareManagerFailureIsOneEventWithTheRightReason() {
        volumeWithClaim("f1", "apps");
        ShareManager sm = new ShareManager();
        sm.getMetadata().setName("f1");
        sm.getMetadata().setNamespace(SYS);
        sm = client.resources(ShareManager.class).resource(sm).create();
        sm.getStatus().setState(ShareManagerState.RUNNING);
        client.resources(ShareManager.class).resource(sm).updateStatus();

        // 1. phase Failed, applied twice
        Pod first = client.resource(Fixtures.shareManagerPod("f1", "node-1")).create();
        kafka.await(EventType.SHARE_MANAGER_READY, "f1", TIMEOUT);
        for (int i = 0; i < 2; i++) {
            editPod("share-manager-f1", p -> {
                p.getStatus().setPhase("Failed");
                p.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder().withName("share-manager")
                        .withNewState().withNewTerminated().withExitCode(1).endTerminated().endState().build()));
            });
        }
        assertThat(awaitFailed(first).reason()).isEqualTo(FailureReason.POD_FAILED);

        // 2. deleted while its ShareManager is running
        client.pods().inNamespace(SYS).withName("share-manager-f1").delete();
        await().atMost(TIMEOUT).until(() -> client.pods().inNamespace(SYS).withName("share-manager-f1").get() == null);
        Pod second = client.resource(Fixtures.shareManagerPod("f1", "node-1")).create();
        kafka.await(EventType.SHARE_MANAGER_STARTED, e -> e.dataAs(io.rwx.events.sharemanager.ShareManagerStarted.class)
                .podUid().equals(second.getMetadata().getUid()), TIMEOUT);
        client.pods().inNamespace(SYS).withName("share-manager-f1").delete();
        assertThat(awaitFailed(second).reason()).isEqualTo(FailureReason.POD_DELETED);

        // 3. its node goes NotReady
        Pod third = client.resource(Fixtures.shareManagerPod("f1", "node-2")).create();
        kafka.await(EventType.SHARE_MANAGER_READY, e -> e.dataAs(io.rwx.events.sharemanager.ShareManagerReady.class)
                .podUid().equals(third.getMetadata().getUid()), TIMEOUT);
        setNodeReady("node-2", "False");
        try {
            assertThat(awaitFailed(third).reason()).isEqualTo(FailureReason.NODE_NOT_READY);
            kafka.await(EventType.NODE_FAILED, "node-2", TIMEOUT);
            // the same node update again: no second failure
            setNodeReady("node-2", "False");
            volumeWithClaim("f1-marker", "apps");
            awaitSnapshot("f1-marker", s -> true);
        } finally {
            setNodeReady("node-2", "True");
        }
        kafka.await(EventType.NODE_RECOVERED, "node-2", TIMEOUT);
        for (Pod p : List.of(first, second, third)) {
            assertThat(failures(p)).as("failures of pod %s", p.getMetadata().getUid()).hasSize(1);
        }
    }

    @Test
    void aNotReadyNodeWithoutTransitionTimeIsReportedAndItsShareManagerFails() {
        volumeWithClaim("nt1", "notime");
        client.resource(Fixtures.node("node-notime", true)).create();
        Pod pod = client.resource(Fixtures.shareManagerPod("nt1", "node-notime")).create();
        kafka.await(EventType.SHARE_MANAGER_READY, "nt1", TIMEOUT);
        // lastTransitionTime is optional in the API: a node controller may leave it out
        client.nodes().withName("node-notime").editStatus(n -> {
            n.getStatus().getConditions().forEach(c -> {
                c.setStatus("False");
                c.setLastTransitionTime(null);
            });
            return n;
        });
        kafka.await(EventType.NODE_FAILED, "node-notime", TIMEOUT);
        assertThat(awaitFailed(pod).reason()).isEqualTo(FailureReason.NODE_NOT_READY);
    }

    @Test
    void shareManagerStateChangesAreLeftToTheirOnlyPublisher() {
        volumeWithClaim("sc1", "states");
        ShareManager sm = new ShareManager();
        sm.getMetadata().setName("sc1");
        sm.getMetadata().setNamespace(SYS);
        client.resources(ShareManager.class).resource(sm).create();
        client.resources(ShareManager.class).inNamespace(SYS).withName("sc1").editStatus(s -> {
            s.getStatus().setState(ShareManagerState.RUNNING);
            return s;
        });
        awaitSnapshot("sc1", s -> s.shareManager() != null && s.shareManager().state() != null);
        assertThat(kafka.events(EventType.SHARE_MANAGER_STATE_CHANGED)).as("share-manager-controller publishes these")
                .isEmpty();
    }

    @Test
    void aMissingNfsHelperIsReportedNamingTheNode() {
        volumeWithClaim("n1", "media");
        Pod pod = client.resource(Fixtures.workloadPod("media", "player-1", "n1-data").onNode("node-2").pending().build())
                .create();
        pod.getSpec().setNodeName("node-2");
        client.pods().inNamespace("media").resource(pod).update();
        awaitSnapshot("n1", s -> s.workloads().size() == 1);
        client.v1().events().inNamespace("media").resource(new EventBuilder().withNewMetadata()
                .withName("player-1.17f3a").withNamespace("media").endMetadata()
                .withNewInvolvedObject().withKind("Pod").withNamespace("media").withName("player-1").endInvolvedObject()
                .withReason("FailedMount").withType("Warning").withMessage("MountVolume.SetUp failed for volume \"n1\" : "
                        + "mount failed: exit status 32 Mounting command: mount Mounting arguments: -t nfs -o vers=4.1 "
                        + "10.43.0.9:/n1 /var/lib/kubelet/pods/x/mount Output: mount: /var/lib/kubelet/pods/x/mount: "
                        + "bad option; for several filesystems (e.g. nfs, cifs) you might need a /sbin/mount.<type> "
                        + "helper program.").build()).create();

        NfsClientMissing missing = kafka.await(EventType.NODE_NFS_CLIENT_MISSING, "node-2", TIMEOUT)
                .dataAs(NfsClientMissing.class);
        assertThat(missing.pod()).isEqualTo("player-1");
        assertThat(missing.volume()).isEqualTo("n1");
        assertThat(missing.mountType()).isEqualTo("nfs");
        assertThat(missing.remedy()).contains("nfs-common").contains("nfs-utils").contains("node-2");
    }

    // --- helpers --------------------------------------------------------------------------------------------

    void volumeWithClaim(String volume, String ns) {
        if (client.namespaces().withName(ns).get() == null) {
            client.resource(Fixtures.namespace(ns)).create();
        }
        client.resources(Volume.class).resource(Fixtures.rwxVolume(volume)).create();
        client.resource(Fixtures.persistentVolume(volume, ns, volume + "-data")).create();
        client.resource(Fixtures.persistentVolumeClaim(ns, volume + "-data", volume)).create();
    }

    List<VolumeObserved> snapshots(String volume) {
        return kafka.events(EventType.VOLUME_OBSERVED).stream().filter(e -> e.subject().equals(volume))
                .map(e -> e.dataAs(VolumeObserved.class)).toList();
    }

    VolumeObserved awaitSnapshot(String volume, Predicate<VolumeObserved> matching) {
        return kafka.await(EventType.VOLUME_OBSERVED, e -> e.subject().equals(volume)
                && matching.test(e.dataAs(VolumeObserved.class)), TIMEOUT).dataAs(VolumeObserved.class);
    }

    ShareManagerFailed awaitFailed(Pod pod) {
        return kafka.await(EventType.SHARE_MANAGER_FAILED, e -> e.dataAs(ShareManagerFailed.class).podUid()
                .equals(pod.getMetadata().getUid()), TIMEOUT).dataAs(ShareManagerFailed.class);
    }

    List<CloudEvent<?>> failures(Pod pod) {
        return kafka.events(EventType.SHARE_MANAGER_FAILED).stream()
                .filter(e -> e.dataAs(ShareManagerFailed.class).podUid().equals(pod.getMetadata().getUid())).toList();
    }

    void editPod(String name, Consumer<Pod> change) {
        Pod pod = client.pods().inNamespace(SYS).withName(name).get();
        change.accept(pod);
        client.pods().inNamespace(SYS).resource(pod).updateStatus();
    }

    void setNodeReady(String node, String status) {
        client.nodes().withName(node).editStatus(n -> {
            n.getStatus().getConditions().forEach(c -> {
                c.setStatus(status);
                c.setLastTransitionTime(Instant.now().toString());
            });
            return n;
        });
    }
}
