package io.rwx.sharemanager;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.rwx.crds.AccessMode;
import io.rwx.crds.ShareManager;
import io.rwx.crds.ShareManagerState;
import io.rwx.crds.Volume;
import io.rwx.crds.VolumeState;
import io.rwx.events.CloudEvent;
import io.rwx.events.EventIds;
import io.rwx.events.EventType;
import io.rwx.events.Topic;
import io.rwx.events.common.FailureReason;
import io.rwx.events.node.NfsClientMissing;
import io.rwx.events.sharemanager.ShareManagerFailed;
import io.rwx.events.sharemanager.ShareManagerStateChanged;
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

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * share-manager-controller against the mock API server (CRDs installed) and a real broker. The test plays
 * volume-watcher (publishes events after each change), the scheduler (pod nodeName), the API server's ClusterIP
 * allocation, the storage layer (attachment) and the kubelet (pod phase and readiness), explicitly.
 */
@QuarkusTest
@QuarkusTestResource(ApiServerResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class ShareManagerMockTest {

    static final Duration TIMEOUT = PlayedCluster.TIMEOUT;
    static final String SYS = Fixtures.SYSTEM_NAMESPACE;
    static final String WATCHER = PlayedCluster.WATCHER;

    @InjectApiServer
    ApiServer api;
    KubernetesClient client;
    EventTestClient kafka;
    PlayedCluster cluster;

    @BeforeEach
    void connect() {
        client = api.client();
        kafka = new EventTestClient(KafkaBroker.shared().bootstrapServers(), List.of(Topic.SHARE_MANAGERS.defaultName()));
        cluster = new PlayedCluster(client, kafka);
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    @Test
    void theFullLifecycleKeepsOneServiceAndOneEndpoint() {
        rwxVolumeInUse("vc1", "cycle", true);
        cluster.observed("vc1");

        await().atMost(TIMEOUT).until(() -> cluster.sm("vc1") != null && cluster.smPod("vc1") != null && cluster.service("vc1") != null);
        assertThat(cluster.state("vc1")).isEqualTo(ShareManagerState.STARTING);
        Pod pod = cluster.smPod("vc1");
        assertThat(pod.getMetadata().getLabels()).containsEntry("longhorn.io/component", "share-manager")
                .containsEntry("longhorn.io/share-manager", "vc1");
        assertThat(pod.getMetadata().getOwnerReferences()).singleElement().satisfies(o -> {
            assertThat(o.getKind()).isEqualTo("ShareManager");
            assertThat(o.getController()).isTrue();
        });
        assertThat(pod.getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(pod.getSpec().getContainers()).singleElement().satisfies(c -> {
            assertThat(c.getName()).isEqualTo("share-manager");
            assertThat(c.getArgs()).containsExactly("--debug", "daemon", "--volume", "vc1");
            assertThat(c.getSecurityContext().getPrivileged()).isTrue();
            assertThat(c.getResources().getRequests().get("cpu").toString()).isEqualTo("50m");
            assertThat(c.getResources().getLimits().get("memory").toString()).isEqualTo("256Mi");
            assertThat(c.getReadinessProbe().getExec().getCommand()).contains("/var/run/ganesha.pid");
        });
        Service svc = cluster.service("vc1");
        assertThat(svc.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("nfs");
            assertThat(p.getPort()).isEqualTo(2049);
        });
        assertThat(svc.getSpec().getSelector()).isEqualTo(Map.of("longhorn.io/share-manager", "vc1"));
        String serviceUid = svc.getMetadata().getUid();

        cluster.assignClusterIP("vc1", "10.43.0.11");
        cluster.runShareManagerOn("vc1", "node-1");
        await().atMost(TIMEOUT).until(() -> cluster.state("vc1") == ShareManagerState.RUNNING);
        assertThat(cluster.sm("vc1").getStatus().getEndpoint()).isEqualTo("nfs://10.43.0.11/vc1");
        assertThat(cluster.sm("vc1").getStatus().getOwnerID()).isEqualTo("node-1");
        assertThat(cluster.volume("vc1").getStatus().getShareState()).isEqualTo("running");
        assertThat(cluster.volume("vc1").getStatus().getShareEndpoint()).isEqualTo("nfs://10.43.0.11/vc1");

        // failure: the pod fails, volume-watcher reports it
        String failedUid = cluster.smPod("vc1").getMetadata().getUid();
        cluster.editPod("vc1", p -> p.getStatus().setPhase("Failed"));
        kafka.publish(CloudEvent.of(EventIds.random(), WATCHER, Instant.now(),
                new ShareManagerFailed("vc1", "share-manager-vc1", failedUid, "node-1", FailureReason.POD_FAILED, null)));
        kafka.await(EventType.SHARE_MANAGER_STATE_CHANGED, e -> e.subject().equals("vc1")
                && e.dataAs(ShareManagerStateChanged.class).to() == io.rwx.events.common.ShareManagerState.ERROR, TIMEOUT);
        await().atMost(TIMEOUT).until(() -> cluster.smPod("vc1") != null && !cluster.smPod("vc1").getMetadata().getUid().equals(failedUid));
        assertThat(cluster.smPod("vc1").getSpec().getAffinity().getNodeAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution()).singleElement()
                .satisfies(t -> assertThat(t.getPreference().getMatchExpressions().get(0).getValues()).containsExactly("node-1"));
        await().atMost(TIMEOUT).until(() -> cluster.state("vc1") == ShareManagerState.STARTING);
        cluster.runShareManagerOn("vc1", "node-2");
        await().atMost(TIMEOUT).until(() -> cluster.state("vc1") == ShareManagerState.RUNNING);
        assertThat(cluster.service("vc1").getMetadata().getUid()).as("the Service survives failover").isEqualTo(serviceUid);
        assertThat(cluster.volume("vc1").getStatus().getShareEndpoint()).isEqualTo("nfs://10.43.0.11/vc1");
        assertThat(cluster.volume("vc1").getSpec().getNodeID()).isEqualTo("node-2");

        // no workload left: stopping, stopped; the CR and the Service stay
        client.pods().inNamespace("cycle").withName("vc1-app").delete();
        cluster.observed("vc1");
        await().atMost(TIMEOUT).until(() -> cluster.state("vc1") == ShareManagerState.STOPPED);
        assertThat(cluster.smPod("vc1")).isNull();
        assertThat(cluster.service("vc1").getMetadata().getUid()).isEqualTo(serviceUid);
        assertThat(cluster.volume("vc1").getSpec().getNodeID()).as("detach asked").isNullOrEmpty();
        assertThat(cluster.volume("vc1").getStatus().getShareEndpoint()).isNull();

        // the state-changed event follows the status write: wait for it rather than race it
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(kafka.events(EventType.SHARE_MANAGER_STATE_CHANGED)
                .stream().filter(e -> e.subject().equals("vc1")).map(e -> e.dataAs(ShareManagerStateChanged.class).to())
                .toList()).containsSubsequence(io.rwx.events.common.ShareManagerState.STARTING,
                        io.rwx.events.common.ShareManagerState.RUNNING, io.rwx.events.common.ShareManagerState.ERROR,
                        io.rwx.events.common.ShareManagerState.STARTING, io.rwx.events.common.ShareManagerState.RUNNING,
                        io.rwx.events.common.ShareManagerState.STOPPING, io.rwx.events.common.ShareManagerState.STOPPED));

        // in use again: the same Service and ClusterIP
        client.resource(Fixtures.workloadPod("cycle", "vc1-app2", "vc1-data").build()).create();
        cluster.observed("vc1");
        await().atMost(TIMEOUT).until(() -> cluster.state("vc1") == ShareManagerState.STARTING && cluster.smPod("vc1") != null);
        assertThat(cluster.service("vc1").getSpec().getClusterIP()).isEqualTo("10.43.0.11");
        assertThat(given().get("/q/metrics").asString()).contains("rwx_sharemanager_transitions_total")
                .contains("rwx_sharemanager_recreations_total").contains("rwx_sharemanager_start_duration_seconds")
                .contains("rwx_sharemanager_share_managers{state=\"starting\"}");
    }

    @Test
    void aVolumeThatIsDeletedOrNoLongerRwxLosesItsShare() {
        for (String v : List.of("gone-1", "rwo-1")) {
            rwxVolumeInUse(v, "cleanup", false);
            cluster.observed(v);
        }
        await().atMost(TIMEOUT).until(() -> List.of("gone-1", "rwo-1").stream()
                .allMatch(v -> cluster.sm(v) != null && cluster.smPod(v) != null && cluster.service(v) != null));

        client.resources(Volume.class).inNamespace(SYS).withName("gone-1").delete();
        Volume rwo = cluster.volume("rwo-1");
        rwo.getSpec().setAccessMode(AccessMode.RWO);
        client.resources(Volume.class).inNamespace(SYS).resource(rwo).update();
        client.persistentVolumeClaims().inNamespace("cleanup").withName("rwo-1-data").edit(c -> {
            c.getSpec().setAccessModes(List.of("ReadWriteOnce"));
            return c;
        });
        cluster.observed("gone-1");
        cluster.observed("rwo-1");

        for (String v : List.of("gone-1", "rwo-1")) {
            await().atMost(TIMEOUT).until(() -> cluster.sm(v) == null && cluster.smPod(v) == null && cluster.service(v) == null);
        }
    }

    @Test
    void fiftyVolumesInUseGetExactlyOneOfEachDespiteDuplicateAndShuffledEvents() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String name = "many-" + i;
            names.add(name);
            rwxVolumeInUse(name, "many", false);
        }
        List<String> events = new ArrayList<>(names);
        events.addAll(names);
        Collections.shuffle(events, new Random(7));
        events.forEach(cluster::observed);

        await().atMost(Duration.ofSeconds(60)).until(() -> names.stream().allMatch(n -> cluster.sm(n) != null
                && cluster.smPod(n) != null && cluster.service(n) != null));
        for (String n : names) {
            assertThat(client.pods().inNamespace(SYS).withLabel("longhorn.io/share-manager", n).list().getItems())
                    .as("pods of %s", n).hasSize(1);
            assertThat(client.services().inNamespace(SYS).withLabel("longhorn.io/share-manager", n).list().getItems())
                    .as("services of %s", n).hasSize(1);
        }
        assertThat(client.resources(ShareManager.class).inNamespace(SYS).list().getItems().stream()
                .filter(s -> s.getMetadata().getName().startsWith("many-"))).hasSize(50);
    }

    @Test
    void theVolumeApiManagesAccessModes() {
        given().contentType(ContentType.JSON).body(Map.of("name", "manual1", "size", "2Gi", "accessMode", "rwo"))
                .post("/volumes").then().statusCode(201).body("accessMode", equalTo("rwo"));
        given().contentType(ContentType.JSON).body(Map.of("name", "manual1", "size", "2Gi", "accessMode", "rwo"))
                .post("/volumes").then().statusCode(409);
        given().contentType(ContentType.JSON).body(Map.of("name", "bad", "size", "2Gi", "accessMode", "rwm"))
                .post("/volumes").then().statusCode(400).body("reason", equalTo("invalid-access-mode"));
        cluster.setVolumeState("manual1", VolumeState.DETACHED, null);

        given().contentType(ContentType.JSON).body(Map.of("accessMode", "rwx")).put("/volumes/manual1/accessMode")
                .then().statusCode(200).body("accessMode", equalTo("rwx"));
        client.resource(Fixtures.namespace("restore")).create();
        given().contentType(ContentType.JSON).body(Map.of("namespace", "restore", "pvcName", "restored"))
                .post("/volumes/manual1/pvc").then().statusCode(201);
        assertThat(client.persistentVolumes().withName("manual1").get().getSpec().getAccessModes())
                .containsExactly("ReadWriteMany");
        assertThat(client.persistentVolumeClaims().inNamespace("restore").withName("restored").get().getSpec()
                .getAccessModes()).containsExactly("ReadWriteMany");

        given().contentType(ContentType.JSON).body(Map.of("accessMode", "rwo")).put("/volumes/manual1/accessMode")
                .then().statusCode(409).body("reason", equalTo("bound-to-pvc"))
                .body("message", containsString("restore/restored"));
        given().get("/volumes").then().statusCode(200).body("find { it.name == 'manual1' }.accessMode", equalTo("rwx"))
                .body("find { it.name == 'manual1' }.pvc", equalTo("restore/restored"));
        given().get("/volumes/nope").then().statusCode(404);

        given().contentType(ContentType.JSON).body(Map.of("name", "manual2", "size", "1Gi", "accessMode", "rwo"))
                .post("/volumes").then().statusCode(201);
        cluster.setVolumeState("manual2", VolumeState.ATTACHED, "node-3");
        given().contentType(ContentType.JSON).body(Map.of("accessMode", "rwx")).put("/volumes/manual2/accessMode")
                .then().statusCode(409).body("reason", equalTo("attached"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/volumes/{name}/accessMode"));
    }

    @Test
    void anRwxClaimUpgradesADetachedVolumeAndIsRefusedForAnAttachedOne() {
        client.resource(Fixtures.namespace("upgrade")).create();
        for (String name : List.of("up-detached", "up-attached")) {
            client.resources(Volume.class).resource(Fixtures.volume(name, AccessMode.RWO)).create();
            client.resource(Fixtures.persistentVolume(name, "upgrade", name + "-pvc", "ReadWriteMany")).create();
            client.resource(Fixtures.persistentVolumeClaim("upgrade", name + "-pvc", name, "ReadWriteMany")).create();
        }
        // status is a subresource: what a fixture carries on create is dropped, so the storage layer's part is played
        cluster.setVolumeState("up-detached", VolumeState.DETACHED, null);
        cluster.setVolumeState("up-attached", VolumeState.ATTACHED, "node-1");
        cluster.observed("up-detached");
        cluster.observed("up-attached");

        await().atMost(TIMEOUT).until(() -> cluster.volume("up-detached").getSpec().getAccessMode() == AccessMode.RWX);
        await().atMost(TIMEOUT).until(() -> cluster.warnings("upgrade", "up-attached-pvc").stream()
                .anyMatch(e -> e.getReason().equals("AccessModeChangeRefused")));
        assertThat(cluster.warnings("upgrade", "up-attached-pvc").get(0).getMessage()).contains("must be detached");
        assertThat(cluster.volume("up-attached").getSpec().getAccessMode()).isEqualTo(AccessMode.RWO);
    }

    @Test
    void aMissingNfsClientWarnsOncePerNodeNamingThePackage() {
        rwxVolumeInUse("nfs1", "nfsns", false);
        for (int i = 0; i < 2; i++) {
            kafka.publish(CloudEvent.of(EventIds.random(), WATCHER, Instant.now(), new NfsClientMissing("node-3",
                    "nfsns", "nfs1-app", "nfs1", "nfs1-data", "nfs", "mount failed: exit status 32 ... you might "
                    + "need a /sbin/mount.<type> helper program", NfsClientMissing.remedyFor("node-3"))));
        }
        await().atMost(TIMEOUT).until(() -> cluster.nodeWarnings("node-3").stream().anyMatch(e -> e.getCount() != null
                && e.getCount() >= 2));
        assertThat(cluster.nodeWarnings("node-3")).singleElement().satisfies(e -> {
            assertThat(e.getReason()).isEqualTo("NFSClientMissing");
            assertThat(e.getMessage()).contains("nfs-common").contains("nfs-utils").contains("node-3");
        });
        assertThat(cluster.warnings("nfsns", "nfs1-data")).anySatisfy(e -> assertThat(e.getMessage()).contains("nfs-common"));
    }

    void rwxVolumeInUse(String name, String ns, boolean detached) {
        client.resources(Volume.class).resource(Fixtures.rwxVolume(name)).create();
        cluster.claimInUse(name, ns);
    }
}
