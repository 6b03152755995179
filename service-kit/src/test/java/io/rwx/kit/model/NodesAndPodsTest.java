package io.rwx.kit.model;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class NodesAndPodsTest {

    @Test
    void aNotReadyNodeWithoutTransitionTimeHasNoReadySince() {
        var node = new NodeBuilder().withNewMetadata().withName("n").endMetadata().withNewStatus().addNewCondition()
                .withType("Ready").withStatus("False").endCondition().endStatus().build();
        assertThat(Nodes.readiness(node)).isEqualTo(Nodes.Readiness.NOT_READY);
        assertThat(Nodes.readySince(node)).isNull();
        var since = new NodeBuilder(node).editStatus().editFirstCondition()
                .withLastTransitionTime("2026-11-25T10:00:00Z").endCondition().endStatus().build();
        assertThat(Nodes.readySince(since)).isEqualTo(Instant.parse("2026-11-25T10:00:00Z"));
    }

    @ParameterizedTest(name = "{0} deleting={1} -> uses the claim: {2}")
    @CsvSource({"Running, false, true", "Pending, false, true", "Succeeded, false, false", "Failed, false, false",
            "Running, true, false"})
    void aPodUsesItsClaimUnlessFinishedOrBeingDeleted(String phase, boolean deleting, boolean uses) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").endMetadata()
                .withNewSpec().addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName("c")
                .endPersistentVolumeClaim().endVolume().endSpec().withNewStatus().withPhase(phase).endStatus();
        if (deleting) {
            b.editMetadata().withDeletionTimestamp("2026-11-25T10:00:00Z").endMetadata();
        }
        Pod pod = b.build();
        assertThat(Pods.usesClaim(pod, "c")).isEqualTo(uses);
        assertThat(Pods.mounts(pod, "c")).isTrue();
        assertThat(Pods.usesClaim(pod, "other")).isFalse();
    }
}
