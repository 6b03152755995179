package io.rwx.sharemanager;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.KubernetesServer;
import io.quarkus.test.kubernetes.client.KubernetesTestServer;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
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
import io.rwx.testing.kubernetes.Crds;
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
@WithKubernetesTestServer(crud = true, setup = ShareManagerMockTest.InstallCrds.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class ShareManagerMockTest {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final String SYS = Fixtures.SYSTEM_NAMESPACE;
    static final String WATCHER = "//rwx/local/volume-watcher";

    public static class InstallCrds implements Consumer<KubernetesServer> {
        @Override
        public void accept(KubernetesServer server) {
            Crds.install(server.getClient());
            for (String node : List.of("node-1", "node-2", "node-3")) {
                server.getClient().resource(Fixtures.node(node, true)).create();
            }
        }
    }

    @KubernetesTestServer
    KubernetesServer server;
    KubernetesClient client;
    EventTestClient kafka;

    @BeforeEach
    void connect() {
        client = server.getClient();
        kafka = new EventTestClient(KafkaBroker.shared().bootstrapServers(), List.of(Topic.SHARE_MANAGERS.defaultName()));
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    @Test
    void theFullLifecycleKeepsOneServiceAndOneEndpoint() {
        rwxVolumeInUse("vc1", "cycle", true);
        observed("vc1");

        await().atMost(TIMEOUT).until(() -> sm("vc1") != null && smPod("vc1") != null && service("vc1") != null);
        assertThat(state("vc1")).isEqualTo(ShareManagerState.STARTING);
        Pod pod = smPod("vc1");
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
        Service svc = service("vc1");
        assertThat(svc.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("nfs");
            assertThat(p.getPort()).isEqualTo(2049);
        });
        assertThat(svc.getSpec().getSelector()).isEqualTo(Map.of("longhorn.io/share-manager", "vc1"));
        String serviceUid = svc.getMetadata().getUid();

        assignClusterIP("vc1", "10.43.0.11");
        runShareManagerOn("vc1", "node-1");
        await().atMost(TIMEOUT).until(() -> state("vc1") == ShareManagerState.RUNNING);
        assertThat(sm("vc1").getStatus().getEndpoint()).isEqualTo("nfs://10.43.0.11/vc1");
        assertThat(sm("vc1").getStatus().getOwnerID()).isEqualTo("node-1");
        assertThat(volume("vc1").getStatus().getShareState()).isEqualTo("running");
        assertThat(volume("vc1").getStatus().getShareEndpoint()).isEqualTo("nfs://10.43.0.11/vc1");

        // failure: the pod fails, volume-watcher reports it
        String failedUid = smPod("vc1").getMetadata().getUid();
        editPod("vc1", p -> p.getStatus().setPhase("Failed"));
        kafka.publish(CloudEvent.of(EventIds.random(), WATCHER, Instant.now(),
                new ShareManagerFailed("vc1", "share-manager-vc1", failedUid, "node-1", FailureReason.POD_FAILED, null)));
        kafka.await(EventType.SHARE_MANAGER_STATE_CHANGED, e -> e.subject().equals("vc1")
                && e.dataAs(ShareManagerStateChanged.class).to() == io.rwx.events.common.ShareManagerState.ERROR, TIMEOUT);
        await().atMost(TIMEOUT).until(() -> smPod("vc1") != null && !smPod("vc1").getMetadata().getUid().equals(failedUid));
        assertThat(smPod("vc1").getSpec().getAffinity().getNodeAffinity()
                .getPreferredDuringSchedulingIgnoredDuringExecution()).singleElement()
                .satisfies(t -> assertThat(t.getPreference().getMatchExpressions().get(0).getValues()).containsExactly("node-1"));
        await().atMost(TIMEOUT).until(() -> state("vc1") == ShareManagerState.STARTING);
        runShareManagerOn("vc1", "node-2");
        await().atMost(TIMEOUT).until(() -> state("vc1") == ShareManagerState.RUNNING);
        assertThat(service("vc1").getMetadata().getUid()).as("the Service survives failover").isEqualTo(serviceUid);
        assertThat(volume("vc1").getStatus().getShareEndpoint()).isEqualTo("nfs://10.43.0.11/vc1");
        assertThat(volume("vc1").getSpec().getNodeID()).isEqualTo("node-2");

        // no workload left: stopping, stopped; the CR and the Service stay
        client.pods().inNamespace("cycle").withName("vc1-app").delete();
        observed("vc1");
        await().atMost(TIMEOUT).until(() -> state("vc1") == ShareManagerState.STOPPED);
        assertThat(smPod("vc1")).isNull();
        assertThat(service("vc1").getMetadata().getUid()).isEqualTo(serviceUid);
        assertThat(volume("vc1").getSpec().getNodeID()).as("detach asked").isNull();
        assertThat(volume("vc1").getStatus().getShareEndpoint()).isNull();

        // the state-changed event follows the status write: wait for it rather than race it
        await().atMost(TIMEOUT).untilAsserted(() -> assertThat(kafka.events(EventType.SHARE_MANAGER_STATE_CHANGED)
                .stream().filter(e -> e.subject().equals("vc1")).map(e -> e.dataAs(ShareManagerStateChanged.class).to())
                .toList()).containsSubsequence(io.rwx.events.common.ShareManagerState.STARTING,
                        io.rwx.events.common.ShareManagerState.RUNNING, io.rwx.events.common.ShareManagerState.ERROR,
                        io.rwx.events.common.ShareManagerState.STARTING, io.rwx.events.common.ShareManagerState.RUNNING,
                        io.rwx.events.common.ShareManagerState.STOPPING, io.rwx.events.common.ShareManagerState.STOPPED));

        // in use again: the same Service and ClusterIP
        client.resource(Fixtures.workloadPod("cycle", "vc1-app2", "vc1-data").build()).create();
        observed("vc1");
        await().atMost(TIMEOUT).until(() -> state("vc1") == ShareManagerState.STARTING && smPod("vc1") != null);
        assertThat(service("vc1").getSpec().getClusterIP()).isEqualTo("10.43.0.11");
        assertThat(given().get("/q/metrics").asString()).contains("rwx_sharemanager_transitions_total")
                .contains("rwx_sharemanager_recreations_total").contains("rwx_sharemanager_start_duration_seconds")
                .contains("rwx_sharemanager_share_managers{state=\"starting\"}");
    }

    @Test
    void aVolumeThatIsDeletedOrNoLongerRwxLosesItsShare() {
        for (String v : List.of("gone-1", "rwo-1")) {
            rwxVolumeInUse(v, "cleanup", false);
            observed(v);
        }
        await().atMost(TIMEOUT).until(() -> List.of("gone-1", "rwo-1").stream()
                .allMatch(v -> sm(v) != null && smPod(v) != null && service(v) != null));

        client.resources(Volume.class).inNamespace(SYS).withName("gone-1").delete();
        Volume rwo = volume("rwo-1");
        rwo.getSpec().setAccessMode(AccessMode.RWO);
        client.resources(Volume.class).inNamespace(SYS).resource(rwo).update();
        client.persistentVolumeClaims().inNamespace("cleanup").withName("rwo-1-data").edit(c -> {
            c.getSpec().setAccessModes(List.of("ReadWriteOnce"));
            return c;
        });
        observed("gone-1");
        observed("rwo-1");

        for (String v : List.of("gone-1", "rwo-1")) {
            await().atMost(TIMEOUT).until(() -> sm(v) == null && smPod(v) == null && service(v) == null);
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
        events.forEach(this::observed);

        await().atMost(Duration.ofSeconds(60)).until(() -> names.stream().allMatch(n -> sm(n) != null
                && smPod(n) != null && service(n) != null));
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
        setVolumeState("manual1", VolumeState.DETACHED, null);

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
        setVolumeState("manual2", VolumeState.ATTACHED, "node-3");
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
        setVolumeState("up-detached", VolumeState.DETACHED, null);
        setVolumeState("up-attached", VolumeState.ATTACHED, "node-1");
        observed("up-detached");
        observed("up-attached");

        await().atMost(TIMEOUT).until(() -> volume("up-detached").getSpec().getAccessMode() == AccessMode.RWX);
        await().atMost(TIMEOUT).until(() -> warnings("upgrade", "up-attached-pvc").stream()
                .anyMatch(e -> e.getReason().equals("AccessModeChangeRefused")));
        assertThat(warnings("upgrade", "up-attached-pvc").get(0).getMessage()).contains("must be detached");
        assertThat(volume("up-attached").getSpec().getAccessMode()).isEqualTo(AccessMode.RWO);
    }

    @Test
    void aMissingNfsClientWarnsOncePerNodeNamingThePackage() {
        rwxVolumeInUse("nfs1", "nfsns", false);
        for (int i = 0; i < 2; i++) {
            kafka.publish(CloudEvent.of(EventIds.random(), WATCHER, Instant.now(), new NfsClientMissing("node-3",
                    "nfsns", "nfs1-app", "nfs1", "nfs1-data", "nfs", "mount failed: exit status 32 ... you might "
                    + "need a /sbin/mount.<type> helper program", NfsClientMissing.remedyFor("node-3"))));
        }
        await().atMost(TIMEOUT).until(() -> nodeWarnings("node-3").stream().anyMatch(e -> e.getCount() != null
                && e.getCount() >= 2));
        assertThat(nodeWarnings("node-3")).singleElement().satisfies(e -> {
            assertThat(e.getReason()).isEqualTo("NFSClientMissing");
            assertThat(e.getMessage()).contains("nfs-common").contains("nfs-utils").contains("node-3");
        });
        assertThat(warnings("nfsns", "nfs1-data")).anySatisfy(e -> assertThat(e.getMessage()).contains("nfs-common"));
    }

    // --- the cluster, played ---------------------------------------------------------------------------------

    void rwxVolumeInUse(String name, String ns, boolean detached) {
        if (client.namespaces().withName(ns).get() == null) {
            client.resource(Fixtures.namespace(ns)).create();
        }
        client.resources(Volume.class).resource(Fixtures.rwxVolume(name)).create();
        client.resource(Fixtures.persistentVolume(name, ns, name + "-data")).create();
        client.resource(Fixtures.persistentVolumeClaim(ns, name + "-data", name)).create();
        client.resource(Fixtures.workloadPod(ns, name + "-app", name + "-data").build()).create();
    }

    void observed(String volume) {
        kafka.publish(CloudEvent.of(EventIds.random(), WATCHER, Instant.now(), new VolumeObserved(volume, null,
                io.rwx.events.common.AccessMode.RWX, null, null, null, null, null, null, null, null, List.of(), null,
                "1")));
    }

    void assignClusterIP(String volume, String ip) {
        Service s = service(volume);
        s.getSpec().setClusterIP(ip);
        s.getSpec().setClusterIPs(List.of(ip));
        client.services().inNamespace(SYS).resource(s).update();
    }

    /** Scheduler, storage layer and kubelet: the pod lands on the node, the volume attaches, the pod is Ready. */
    void runShareManagerOn(String volume, String node) {
        Pod pod = smPod(volume);
        pod.getSpec().setNodeName(node);
        client.pods().inNamespace(SYS).resource(pod).update();
        observed(volume);
        await().atMost(TIMEOUT).until(() -> node.equals(volume(volume).getSpec().getNodeID()));
        setVolumeState(volume, VolumeState.ATTACHED, node);
        editPod(volume, p -> {
            p.getStatus().setPhase("Running");
            p.getStatus().setStartTime(Instant.now().toString());
            p.getStatus().setConditions(List.of(new PodConditionBuilder().withType("Ready").withStatus("True").build()));
        });
        observed(volume);
    }

    void setVolumeState(String name, VolumeState state, String node) {
        Volume v = volume(name);
        v.getStatus().setState(state);
        v.getStatus().setCurrentNodeID(node);
        client.resources(Volume.class).inNamespace(SYS).resource(v).updateStatus();
    }

    void editPod(String volume, Consumer<Pod> change) {
        Pod pod = smPod(volume);
        if (pod.getStatus() == null) {
            pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatus());
        }
        change.accept(pod);
        client.pods().inNamespace(SYS).resource(pod).updateStatus();
    }

    ShareManager sm(String v) {
        return client.resources(ShareManager.class).inNamespace(SYS).withName(v).get();
    }

    ShareManagerState state(String v) {
        ShareManager sm = sm(v);
        return sm == null || sm.getStatus() == null ? null : sm.getStatus().getState();
    }

    Pod smPod(String v) {
        return client.pods().inNamespace(SYS).withName("share-manager-" + v).get();
    }

    Service service(String v) {
        return client.services().inNamespace(SYS).withName(v).get();
    }

    Volume volume(String v) {
        return client.resources(Volume.class).inNamespace(SYS).withName(v).get();
    }

    List<Event> warnings(String ns, String name) {
        return client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> "Warning".equals(e.getType()) && name.equals(e.getInvolvedObject().getName())).toList();
    }

    List<Event> nodeWarnings(String node) {
        return client.v1().events().inAnyNamespace().list().getItems().stream()
                .filter(e -> "Node".equals(e.getInvolvedObject().getKind()) && node.equals(e.getInvolvedObject().getName()))
                .toList();
    }
}
