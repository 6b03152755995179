package io.rwx.sharemanager;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.rwx.crds.AccessMode;
import io.rwx.crds.ShareManagerState;
import io.rwx.events.Topic;
import io.rwx.kit.kubernetes.Annotations;
import io.rwx.testing.LonghornObjects;
import io.rwx.testing.kafka.EventTestClient;
import io.rwx.testing.kafka.KafkaBroker;
import io.rwx.testing.kafka.KafkaBrokerResource;
import io.rwx.testing.kubernetes.ApiServer;
import io.rwx.testing.kubernetes.ApiServerResource;
import io.rwx.testing.kubernetes.InjectApiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A guest in someone else's object: a Longhorn Volume and ShareManager carrying every field longhorn-manager
 * writes (most of which this project does not model) go through access-mode change, attachment, share status and
 * a failure record, and every field the controller does not own is exactly as it was.
 */
@QuarkusTest
@QuarkusTestResource(ApiServerResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class OwnedFieldsMockTest {

    /** What share-manager-controller owns, and what the test itself plays (the storage layer's attachment). */
    static final Set<String> VOLUME_WRITTEN = Set.of("spec.accessMode", "spec.nodeID", "status.shareState",
            "status.shareEndpoint", "status.state", "status.currentNodeID");
    static final Set<String> SHARE_MANAGER_WRITTEN = Set.of("status.state", "status.ownerID", "status.endpoint",
            "metadata.annotations.sharemanager.rwx.io/last-failure");

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
    void aLonghornVolumeAndShareManagerKeepEveryFieldTheControllerDoesNotOwn() {
        GenericKubernetesResource volume = LonghornObjects.createVolume(client, "lh-full");
        GenericKubernetesResource sm = LonghornObjects.createShareManager(client, "lh-full", volume.getMetadata().getUid());
        Map<String, String> volumeBefore = LonghornObjects.fieldsExcept(volume, VOLUME_WRITTEN);
        Map<String, String> smBefore = LonghornObjects.fieldsExcept(sm, SHARE_MANAGER_WRITTEN);
        assertThat(volumeBefore).as("the fixture carries many fields this project does not model")
                .containsKeys("spec.dataLocality", "spec.replicaAutoBalance", "spec.fromBackup", "spec.encrypted",
                        "status.conditions[1].type", "status.lastBackup", "metadata.labels.backup-target");

        // an RWX PVC of a detached rwo volume: the access mode follows it, the share starts, the volume attaches
        cluster.claimInUse("lh-full", "guests");
        cluster.observed("lh-full");
        await().atMost(PlayedCluster.TIMEOUT).until(() -> cluster.volume("lh-full").getSpec().getAccessMode() == AccessMode.RWX
                && cluster.smPod("lh-full") != null && cluster.service("lh-full") != null);
        cluster.assignClusterIP("lh-full", "10.43.7.7");
        cluster.runShareManagerOn("lh-full", "node-1");
        await().atMost(PlayedCluster.TIMEOUT).until(() -> cluster.state("lh-full") == ShareManagerState.RUNNING
                && "nfs://10.43.7.7/lh-full".equals(cluster.volume("lh-full").getStatus().getShareEndpoint()));

        // a failure: recorded on the ShareManager, the pod replaced
        String failed = cluster.smPod("lh-full").getMetadata().getUid();
        cluster.editPod("lh-full", p -> p.getStatus().setPhase("Failed"));
        cluster.observed("lh-full");
        await().atMost(PlayedCluster.TIMEOUT).until(() -> Annotations.lastFailure(cluster.sm("lh-full"))
                .map(f -> f.podUid().equals(failed)).orElse(false));
        await().atMost(PlayedCluster.TIMEOUT).until(() -> cluster.smPod("lh-full") != null
                && !cluster.smPod("lh-full").getMetadata().getUid().equals(failed));

        assertThat(LonghornObjects.fieldsExcept(LonghornObjects.get(client, LonghornObjects.VOLUMES, "lh-full"),
                VOLUME_WRITTEN)).isEqualTo(volumeBefore);
        assertThat(LonghornObjects.fieldsExcept(LonghornObjects.get(client, LonghornObjects.SHARE_MANAGERS, "lh-full"),
                SHARE_MANAGER_WRITTEN)).isEqualTo(smBefore);
        assertThat(api.requestsOf("share-manager-controller")).as("no whole-object write of a Longhorn object")
                .noneMatch(r -> r.method().equals("PUT") && r.path().contains("/longhorn.io/"));
    }

    @Test
    void theVolumeApiChangesTheAccessModeAndNothingElse() {
        GenericKubernetesResource volume = LonghornObjects.createVolume(client, "lh-manual");
        Map<String, String> before = LonghornObjects.fieldsExcept(volume, Set.of("spec.accessMode"));

        given().contentType(ContentType.JSON).body(Map.of("accessMode", "rwx")).put("/volumes/lh-manual/accessMode")
                .then().statusCode(200);

        GenericKubernetesResource after = LonghornObjects.get(client, LonghornObjects.VOLUMES, "lh-manual");
        assertThat(LonghornObjects.fieldsExcept(after, Set.of("spec.accessMode"))).isEqualTo(before);
        assertThat(((Map<?, ?>) after.getAdditionalProperties().get("spec")).get("accessMode")).isEqualTo("rwx");
    }
}
