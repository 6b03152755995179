package io.rwx.kit.model;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.rwx.events.common.FailureReason;
import io.rwx.kit.model.ShareManagerPods.Health;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one judge of a share-manager pod, row by row. Columns: pod phase, Ready, container terminated, scheduled,
 * node (ready | not-ready | unknown | no-condition | gone), being deleted, stop annotation → health, reason.
 */
class ShareManagerPodsTest {

    @ParameterizedTest(name = "{0} ready={1} exited={2} scheduled={3} node={4} deleting={5} stop={6} -> {7} {8}")
    @CsvSource(nullValues = "-", value = {
            // serving and starting
            "Running, true,  false, true,  ready,        false, false, SERVING,  -",
            "Pending, false, false, false, ready,        false, false, STARTING, -",
            "Pending, false, false, true,  ready,        false, false, STARTING, -",
            "Running, false, false, true,  ready,        false, false, STARTING, -",
            // failures the pod shows
            "Failed,  false, true,  true,  ready,        false, false, FAILED,   POD_FAILED",
            "Running, false, true,  true,  ready,        false, false, FAILED,   CONTAINER_EXITED",
            "Failed,  false, true,  true,  ready,        true,  false, FAILED,   POD_FAILED",
            // failures its node shows
            "Running, true,  false, true,  gone,         false, false, FAILED,   NODE_LOST",
            "Running, true,  false, true,  not-ready,    false, false, FAILED,   NODE_NOT_READY",
            "Running, true,  false, true,  unknown,      false, false, FAILED,   NODE_NOT_READY",
            // a node without a Ready condition (just registered) is not a lost node
            "Running, true,  false, true,  no-condition, false, false, SERVING,  -",
            "Pending, false, false, true,  no-condition, false, false, STARTING, -",
            // an unscheduled pod has no node to judge
            "Pending, false, false, false, gone,         false, false, STARTING, -",
            // deletion: on purpose (annotated by share-manager-controller) or not
            "Running, true,  false, true,  ready,        true,  true,  STOPPING, -",
            "Running, true,  false, true,  ready,        true,  false, FAILED,   POD_DELETED",
            "Running, true,  false, true,  not-ready,    true,  true,  FAILED,   NODE_NOT_READY"})
    void classifiesAShareManagerPod(String phase, boolean ready, boolean exited, boolean scheduled, String node,
            boolean deleting, boolean stopAnnotation, Health health, FailureReason reason) {
        ShareManagerPods.Verdict verdict = ShareManagerPods.classify(
                pod(phase, ready, exited, scheduled, deleting, stopAnnotation), node(node));
        assertThat(verdict.health()).isEqualTo(health);
        assertThat(verdict.reason()).isEqualTo(reason);
        assertThat(verdict.explanation()).isNotBlank();
    }

    @ParameterizedTest(name = "gone after {0} exited={1} stop={2} -> {3} {4}")
    @CsvSource(nullValues = "-", value = {
            "Running, false, true,  STOPPING, -",
            "Running, false, false, FAILED,   POD_DELETED",
            "Failed,  true,  false, FAILED,   POD_FAILED",
            "Running, true,  true,  FAILED,   CONTAINER_EXITED"})
    void aPodThatIsGoneIsJudgedByItsLastState(String phase, boolean exited, boolean stop, Health health,
            FailureReason reason) {
        ShareManagerPods.Verdict verdict = ShareManagerPods.classifyDeleted(
                pod(phase, !exited, exited, true, true, stop), node("ready"));
        assertThat(verdict.health()).isEqualTo(health);
        assertThat(verdict.reason()).isEqualTo(reason);
    }

    static Pod pod(String phase, boolean ready, boolean exited, boolean scheduled, boolean deleting, boolean stop) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName("share-manager-v1").withNamespace("longhorn-system")
                .withUid("uid-1").endMetadata()
                .withNewSpec().withNodeName(scheduled ? "node-1" : null).addNewContainer().withName("share-manager")
                .endContainer().endSpec()
                .withNewStatus().withPhase(phase).addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
                .endCondition().endStatus();
        if (exited) {
            b.editStatus().withContainerStatuses(new ContainerStatusBuilder().withName("share-manager").withNewState()
                    .withNewTerminated().withExitCode(137).withReason("Error").endTerminated().endState().build())
                    .endStatus();
        }
        if (deleting) {
            b.editMetadata().withDeletionTimestamp("2026-11-25T10:00:00Z").endMetadata();
        }
        if (stop) {
            b.editMetadata().withAnnotations(Map.of(ShareManagerPods.STOP_ANNOTATION, "no-workloads")).endMetadata();
        }
        return b.build();
    }

    static Node node(String state) {
        if (state.equals("gone")) {
            return null;
        }
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName("node-1").endMetadata().withNewStatus().endStatus();
        if (!state.equals("no-condition")) {
            b.editStatus().addNewCondition().withType("Ready").withStatus(switch (state) {
                case "ready" -> "True";
                case "not-ready" -> "False";
                default -> "Unknown";
            }).endCondition().endStatus();
        }
        return b.build();
    }
}
