package io.rwx.failover.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Every condition of the failover rule's pod selection (steps 3-5), one row each. */
class RemountRuleTest {

    static final Instant STAMP = Instant.parse("2026-11-24T10:00:00Z");

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        # case                                  | owner group/Kind      | started (s vs stamp) | terminating | node ready | auto-delete | blacklist                   | node-down policy          | expected
        Deployment pod (ReplicaSet)             | apps/ReplicaSet       | -60 | false | true  | -     | -                           | -                         | delete:30
        StatefulSet pod                         | apps/StatefulSet      | -60 | false | true  | true  | -                           | -                         | delete:30
        DaemonSet pod                           | apps/DaemonSet        | -60 | false | true  | true  | -                           | -                         | delete:30
        Job pod                                 | batch/Job             | -60 | false | true  | true  | -                           | -                         | delete:30
        custom controller kind                  | example.com/Workflow  | -60 | false | true  | true  | -                           | -                         | delete:30
        core-group controller (ReplicationCtrl) | /ReplicationController| -60 | false | true  | true  | -                           | -                         | delete:30
        setting absent means on                 | apps/ReplicaSet       | -60 | false | true  | -     | -                           | -                         | delete:30
        setting TRUE (any case)                 | apps/ReplicaSet       | -60 | false | true  | TRUE  | -                           | -                         | delete:30
        setting off                             | apps/ReplicaSet       | -60 | false | true  | false | -                           | -                         | restart:AUTO_DELETE_DISABLED
        setting off, bare pod                   | -                     | -60 | false | true  | false | -                           | -                         | restart:AUTO_DELETE_DISABLED
        bare pod                                | -                     | -60 | false | true  | true  | -                           | -                         | restart:NO_CONTROLLER_OWNER
        blacklisted StatefulSet                 | apps/StatefulSet      | -60 | false | true  | true  | apps/StatefulSet            | -                         | restart:OWNER_BLACKLISTED
        blacklist list, custom kind listed      | example.com/Workflow  | -60 | false | true  | true  | apps/StatefulSet;example.com/Workflow | -               | restart:OWNER_BLACKLISTED
        blacklist names another kind            | apps/ReplicaSet       | -60 | false | true  | true  | apps/StatefulSet            | -                         | delete:30
        started after the stamp                 | apps/ReplicaSet       | 5   | false | true  | true  | -                           | -                         | skip
        started exactly at the stamp            | apps/ReplicaSet       | 0   | false | true  | true  | -                           | -                         | skip
        started one second before               | apps/ReplicaSet       | -1  | false | true  | true  | -                           | -                         | delete:30
        already terminating                     | apps/ReplicaSet       | -60 | true  | true  | true  | -                           | -                         | skip
        finished (a completed Job pod)          | batch/Job             | -60 | false | true  | true  | -                           | -                         | finished
        no start time (never started)           | apps/ReplicaSet       | -   | false | true  | true  | -                           | -                         | skip
        terminating bare pod with setting off   | -                     | -60 | true  | true  | false | -                           | -                         | skip
        node down, policy do-nothing            | apps/StatefulSet      | -60 | false | false | true  | -                           | do-nothing                | delete:30
        node down, policy absent                | apps/ReplicaSet       | -60 | false | false | true  | -                           | -                         | delete:30
        node down, statefulset policy, STS pod  | apps/StatefulSet      | -60 | false | false | true  | -                           | delete-statefulset-pod    | force
        node down, statefulset policy, Deploy   | apps/ReplicaSet       | -60 | false | false | true  | -                           | delete-statefulset-pod    | delete:30
        node down, deployment policy, Deploy    | apps/ReplicaSet       | -60 | false | false | true  | -                           | delete-deployment-pod     | force
        node down, deployment policy, STS pod   | apps/StatefulSet      | -60 | false | false | true  | -                           | delete-deployment-pod     | delete:30
        node down, both policy, STS pod         | apps/StatefulSet      | -60 | false | false | true  | -                           | delete-both-statefulset-and-deployment-pod | force
        node down, both policy, DaemonSet pod   | apps/DaemonSet        | -60 | false | false | true  | -                           | delete-both-statefulset-and-deployment-pod | delete:30
        node down, bare pod                     | -                     | -60 | false | false | true  | -                           | delete-both-statefulset-and-deployment-pod | restart:NO_CONTROLLER_OWNER
        node up, policy irrelevant              | apps/StatefulSet      | -60 | false | true  | true  | -                           | delete-statefulset-pod    | delete:30
        unknown policy value is do-nothing      | apps/StatefulSet      | -60 | false | false | true  | -                           | delete-everything         | delete:30
        """)
    void decidesEachPod(String description, String groupKind, Integer startedOffsetSeconds, boolean terminating,
            boolean nodeReady, String autoDelete, String blacklist, String nodeDownPolicy, String expected) {
        boolean finished = expected.equals("finished");
        WorkloadPodView pod = new WorkloadPodView("shop", "p", "uid-p", "node-1", groupKind,
                groupKind == null ? null : "owner", startedOffsetSeconds == null ? null
                        : STAMP.plusSeconds(startedOffsetSeconds), terminating, finished, !finished, !finished, nodeReady);
        expected = finished ? "skip" : expected;
        FailoverSettings settings = FailoverSettings.parse(autoDelete, blacklist, nodeDownPolicy);

        RemountDecision decision = RemountRule.decide(List.of(pod), STAMP, settings);

        String actual;
        if (!decision.deletions().isEmpty()) {
            RemountDecision.Deletion d = decision.deletions().get(0);
            actual = d.forced() ? "force" : "delete:" + d.gracePeriodSeconds();
            if (d.forced()) {
                assertThat(d.gracePeriodSeconds()).isZero();
            }
        } else if (!decision.restartsNeeded().isEmpty()) {
            RemountDecision.RestartNeeded r = decision.restartsNeeded().get(0);
            actual = "restart:" + r.why();
            assertThat(r.message()).contains("shop/p");
        } else {
            actual = "skip";
            assertThat(decision.skipped()).hasSize(1);
        }
        assertThat(actual).as(description).isEqualTo(expected);
        assertThat(decision.deletions().size() + decision.restartsNeeded().size() + decision.skipped().size())
                .as("every pod gets exactly one verdict").isEqualTo(1);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        # case                             | current uid | health   | gone  | expected
        no pod yet                         | -           | -        | false | false
        the failed pod itself, serving     | failed      | SERVING  | false | false
        replacement starting               | new         | STARTING | false | false
        replacement being deleted          | new         | FAILED   | false | false
        replacement stopped on purpose     | new         | STOPPING | false | false
        replacement Running and Ready      | new         | SERVING  | false | true
        """)
    void waitsForAServingReplacement(String description, String uid, io.rwx.kit.model.ShareManagerPods.Health health,
            boolean gone, boolean expected) {
        ShareManagerPodSeen current = uid == null ? null : new ShareManagerPodSeen(uid, "share-manager-v", "node-2",
                STAMP, new io.rwx.kit.model.ShareManagerPods.Verdict(health, null, "test"), gone);
        assertThat(EpisodeMachine.replacementServes(current, "failed")).as(description).isEqualTo(expected);
    }

    @org.junit.jupiter.api.Test
    void decidesAMixedVolumeInOnePass() {
        List<WorkloadPodView> pods = List.of(
                pod("web-1", "apps/ReplicaSet", -30), pod("db-0", "apps/StatefulSet", -30),
                pod("shell", null, -30), pod("web-2", "apps/ReplicaSet", 10));

        RemountDecision decision = RemountRule.decide(pods, STAMP, FailoverSettings.DEFAULTS);

        assertThat(decision.deletions()).extracting(d -> d.pod().name()).containsExactly("web-1", "db-0");
        assertThat(decision.restartsNeeded()).extracting(r -> r.pod().name()).containsExactly("shell");
        assertThat(decision.skipped()).extracting(s -> s.pod().name()).containsExactly("web-2");
    }

    private static WorkloadPodView pod(String name, String groupKind, int offset) {
        return new WorkloadPodView("shop", name, "uid-" + name, "node-1", groupKind, groupKind == null ? null : "o",
                STAMP.plusSeconds(offset), false, false, true, true, true);
    }
}
