package io.rwx.crds;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The classes read what a Longhorn cluster writes, and the generated CRDs are the ones shipped in deploy/. */
class LonghornDocumentsTest {

    private static <T> T read(String resource, Class<T> type) throws IOException {
        try (InputStream in = LonghornDocumentsTest.class.getResourceAsStream("/" + resource)) {
            return Serialization.unmarshal(in, type);
        }
    }

    @Test
    void readsALonghornVolume() throws IOException {
        Volume volume = read("longhorn-volume.yaml", Volume.class);

        assertThat(volume.getMetadata().getName()).isEqualTo("pvc-4f6d2a1e");
        assertThat(volume.getSpec().getAccessMode()).isEqualTo(AccessMode.RWX);
        assertThat(volume.getSpec().getSize()).isEqualTo("10737418240");
        assertThat(volume.getSpec().getNodeID()).isEqualTo("node-2");
        assertThat(volume.getStatus().getState()).isEqualTo(VolumeState.ATTACHED);
        assertThat(volume.getStatus().getRobustness()).isEqualTo("healthy");
        assertThat(volume.getStatus().getCurrentNodeID()).isEqualTo("node-2");
        assertThat(volume.getStatus().getShareState()).isEqualTo("running");
        assertThat(volume.getStatus().getShareEndpoint()).isEqualTo("nfs://10.43.12.7/pvc-4f6d2a1e");
        assertThat(volume.getStatus().getRemountRequestedAt()).isEqualTo("2026-11-24T10:14:02Z");
        assertThat(volume.getStatus().getKubernetesStatus().getPvcName()).isEqualTo("uploads");
        assertThat(volume.getStatus().getKubernetesStatus().getWorkloadsStatus())
                .singleElement().satisfies(w -> assertThat(w.getWorkloadType()).isEqualTo("ReplicaSet"));
    }

    @Test
    void readsALonghornShareManagerAndSetting() throws IOException {
        ShareManager sm = read("longhorn-sharemanager.yaml", ShareManager.class);
        assertThat(sm.getSpec().getImage()).isEqualTo("longhornio/longhorn-share-manager:v1.7.2");
        assertThat(sm.getStatus().getState()).isEqualTo(ShareManagerState.RUNNING);
        assertThat(sm.getStatus().getOwnerID()).isEqualTo("node-2");
        assertThat(sm.getStatus().getEndpoint()).isEqualTo("nfs://10.43.12.7/pvc-4f6d2a1e");
        assertThat(sm.getMetadata().getOwnerReferences()).singleElement()
                .satisfies(o -> assertThat(o.getKind()).isEqualTo("Volume"));

        Setting setting = read("longhorn-setting.yaml", Setting.class);
        assertThat(setting.getMetadata().getName()).isEqualTo(Longhorn.SETTING_AUTO_DELETE_POD);
        assertThat(setting.getValue()).isEqualTo("false");
    }

    @Test
    void unknownStatesFromAnotherVersionReadAsUnknownButAccessModesAreStrict() {
        assertThat(VolumeState.fromValue("migrating")).isEqualTo(VolumeState.UNKNOWN);
        assertThat(ShareManagerState.fromValue("paused")).isEqualTo(ShareManagerState.UNKNOWN);
        assertThat(AccessMode.fromValue("RWX")).isEqualTo(AccessMode.RWX);
        assertThat(AccessMode.RWOP.kubernetesAccessMode()).isEqualTo("ReadWriteOncePod");
        assertThatThrownBy(() -> AccessMode.fromValue("rwm")).hasMessageContaining("rwm");
    }

    @Test
    void namesAndLabelsFollowLonghorn() {
        assertThat(Longhorn.shareManagerPodName("v1")).isEqualTo("share-manager-v1");
        assertThat(Longhorn.shareManagerServiceName("v1")).isEqualTo("v1");
        assertThat(Longhorn.shareManagerPodLabels("v1")).containsEntry("longhorn.io/component", "share-manager")
                .containsEntry("longhorn.io/share-manager", "v1");
        assertThat(Longhorn.nfsEndpoint("10.0.0.1", "v1")).isEqualTo("nfs://10.0.0.1/v1");
    }

    @Test
    void deployedCrdsAreTheGeneratedOnesWithStatusSubresources() throws IOException {
        for (String name : new String[] {"volumes", "sharemanagers", "settings"}) {
            String file = name + ".longhorn.io-v1.yml";
            Path generated = Path.of("target/classes/META-INF/fabric8", file);
            Path deployed = Path.of("../deploy/base/00-crds", file);
            assertThat(deployed).hasSameTextualContentAs(generated);
            CustomResourceDefinition crd = Serialization.unmarshal(Files.newInputStream(generated),
                    CustomResourceDefinition.class);
            assertThat(crd.getSpec().getGroup()).isEqualTo("longhorn.io");
            assertThat(crd.getSpec().getVersions()).singleElement()
                    .satisfies(v -> assertThat(v.getName()).isEqualTo("v1beta2"));
            if (!name.equals("settings")) {
                assertThat(crd.getSpec().getVersions().get(0).getSubresources().getStatus()).isNotNull();
            }
        }
    }

    @Test
    void crdsNeverPruneFieldsThisProjectDoesNotModel() throws IOException {
        for (String name : new String[] {"volumes", "sharemanagers"}) {
            CustomResourceDefinition crd = Serialization.unmarshal(Files.newInputStream(
                    Path.of("../deploy/base/00-crds", name + ".longhorn.io-v1.yml")), CustomResourceDefinition.class);
            var schema = crd.getSpec().getVersions().get(0).getSchema().getOpenAPIV3Schema();
            assertThat(schema.getProperties().get("spec").getXKubernetesPreserveUnknownFields()).as(name + " spec").isTrue();
            assertThat(schema.getProperties().get("status").getXKubernetesPreserveUnknownFields()).as(name + " status")
                    .isTrue();
        }
    }

    @Test
    void kubectlGetShowsTheColumnsLonghornUsersKnowInTheirOrder() throws IOException {
        assertThat(columns("volumes")).containsExactly("State", "Robustness", "Access Mode", "Size", "Node", "Age");
        assertThat(columns("sharemanagers")).containsExactly("State", "Node", "Endpoint", "Age");
    }

    private static java.util.List<String> columns(String name) throws IOException {
        CustomResourceDefinition crd = Serialization.unmarshal(Files.newInputStream(
                Path.of("../deploy/base/00-crds", name + ".longhorn.io-v1.yml")), CustomResourceDefinition.class);
        return crd.getSpec().getVersions().get(0).getAdditionalPrinterColumns().stream()
                .map(c -> c.getName()).toList();
    }
}
