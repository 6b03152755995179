package io.rwx.volumewatcher.model;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.rwx.events.common.FailureReason;
import io.rwx.testing.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ShareManagerSignalsTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        # case                      | phase   | ready | exited | node ready | expected kinds         | failure reason
        running and ready           | Running | true  | false  | True       | STARTED,READY          | -
        running, not ready          | Running | false | false  | True       | STARTED                | -
        phase Failed                | Failed  | false | true   | True       | STARTED,FAILED         | POD_FAILED
        container exited            | Running | false | true   | True       | STARTED,FAILED         | CONTAINER_EXITED
        node NotReady               | Running | true  | false  | False      | STARTED,READY,FAILED   | NODE_NOT_READY
        node Unknown                | Running | true  | false  | Unknown    | STARTED,READY,FAILED   | NODE_NOT_READY
        node gone                   | Running | true  | false  | -          | STARTED,READY,FAILED   | NODE_LOST
        """)
    void readsThePod(String description, String phase, boolean ready, boolean exited, String nodeReady,
            String kinds, FailureReason reason) {
        Pod pod = new PodBuilder(Fixtures.shareManagerPod("v1", "node-1")).editStatus().withPhase(phase)
                .withConditions(new io.fabric8.kubernetes.api.model.PodConditionBuilder().withType("Ready")
                        .withStatus(ready ? "True" : "False").build())
                .withContainerStatuses(exited ? List.of(new ContainerStatusBuilder().withName("share-manager")
                        .withNewState().withNewTerminated().withExitCode(137).withReason("OOMKilled").endTerminated()
                        .endState().build()) : List.of())
                .endStatus().build();

        List<ShareManagerSignals.Signal> signals = ShareManagerSignals.ofPod("v1", pod, nodeReady == null ? null
                : new io.fabric8.kubernetes.api.model.NodeBuilder().withNewMetadata().withName("node-1").endMetadata()
                        .withNewStatus().addNewCondition().withType("Ready").withStatus(nodeReady).endCondition()
                        .endStatus().build());

        assertThat(signals).extracting(s -> s.kind().name()).as(description).containsExactly(kinds.split(","));
        signals.stream().filter(s -> s.kind() == ShareManagerSignals.Kind.FAILED).forEach(s -> {
            assertThat(s.reason()).isEqualTo(reason);
            assertThat(s.podUid()).isEqualTo(pod.getMetadata().getUid());
        });
    }

    @Test
    void aDeletedPodIsAFailureUnlessShareManagerControllerStoppedItOnPurpose() {
        Pod pod = Fixtures.shareManagerPod("v1", "node-1");
        var node = io.rwx.testing.Fixtures.node("node-1", true);
        assertThat(ShareManagerSignals.ofDeletedPod("v1", pod, node).reason()).isEqualTo(FailureReason.POD_DELETED);
        Pod stopped = new PodBuilder(pod).editMetadata().addToAnnotations(
                io.rwx.kit.model.ShareManagerPods.STOP_ANNOTATION, "no-workloads").endMetadata().build();
        assertThat(ShareManagerSignals.ofDeletedPod("v1", stopped, node).kind()).isEqualTo(ShareManagerSignals.Kind.STOPPED);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        MountVolume.SetUp failed: mount failed: exit status 32 Mounting command: mount Mounting arguments: -t nfs4 10.0.0.1:/v /x Output: mount: bad option; for several filesystems (e.g. nfs, cifs) you might need a /sbin/mount.<type> helper program. | nfs4
        mount failed: -t nfs -o vers=4.1 10.0.0.1:/v /x: you might need a /sbin/mount.nfs helper program | nfs
        MountVolume.SetUp failed: rpc error: code = Internal desc = timed out waiting for the condition | -
        """)
    void recognisesTheMissingNfsHelper(String message, String type) {
        assertThat(MountFailures.missingNfsHelper(message)).isEqualTo(java.util.Optional.ofNullable(type));
    }
}
