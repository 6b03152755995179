package io.rwx.testing;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.rwx.crds.Volume;
import io.rwx.crds.VolumeState;
import io.rwx.testing.kubernetes.Crds;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The CRD installer and the fixtures work against the fabric8 mock API server in CRUD mode. */
@EnableKubernetesMockClient(crud = true)
class CrdsOnMockApiServerTest {

    KubernetesClient client;

    @BeforeEach
    void installCrds() {
        Crds.install(client);
        Crds.install(client); // idempotent
    }

    @Test
    void crdsAreInstalledAndStatusIsASubresource() {
        assertThat(client.apiextensions().v1().customResourceDefinitions().list().getItems())
                .extracting(c -> c.getMetadata().getName())
                .contains("volumes.longhorn.io", "sharemanagers.longhorn.io", "settings.longhorn.io");

        Volume created = client.resources(Volume.class).resource(Fixtures.rwxVolume("v1")).create();
        created.getStatus().setState(VolumeState.ATTACHED);
        client.resources(Volume.class).resource(created).updateStatus();

        Volume specEdit = client.resources(Volume.class).inNamespace(Fixtures.SYSTEM_NAMESPACE).withName("v1").get();
        specEdit.getSpec().setNodeID("node-2");
        specEdit.getStatus().setState(VolumeState.DETACHING); // ignored: status is a subresource
        client.resources(Volume.class).resource(specEdit).update();

        Volume now = client.resources(Volume.class).inNamespace(Fixtures.SYSTEM_NAMESPACE).withName("v1").get();
        assertThat(now.getSpec().getNodeID()).isEqualTo("node-2");
        assertThat(now.getStatus().getState()).isEqualTo(VolumeState.ATTACHED);
    }

    @Test
    void fixturesDescribeAnRwxScenario() {
        Instant started = Instant.parse("2026-11-24T10:00:00Z");
        client.resource(Fixtures.namespace("shop")).create();
        client.resources(Volume.class).resource(Fixtures.rwxVolume("v2")).create();
        client.resource(Fixtures.persistentVolume("v2", "shop", "data")).create();
        client.resource(Fixtures.persistentVolumeClaim("shop", "data", "v2")).create();
        client.resource(Fixtures.workloadPod("shop", "web-1", "data").ownedBy("apps/v1", "ReplicaSet", "web-5f")
                .onNode("node-2").startedAt(started).build()).create();
        client.resource(Fixtures.shareManagerPod("v2", "node-3")).create();

        Pod web = client.pods().inNamespace("shop").withName("web-1").get();
        assertThat(web.getSpec().getVolumes().get(0).getPersistentVolumeClaim().getClaimName()).isEqualTo("data");
        assertThat(web.getMetadata().getOwnerReferences().get(0).getController()).isTrue();
        assertThat(web.getStatus().getStartTime()).isEqualTo("2026-11-24T10:00:00Z");
        assertThat(client.pods().inNamespace(Fixtures.SYSTEM_NAMESPACE)
                .withLabel("longhorn.io/share-manager", "v2").list().getItems()).hasSize(1);
        assertThat(client.persistentVolumes().withName("v2").get().getSpec().getCsi().getDriver())
                .isEqualTo("driver.longhorn.io");
    }
}
