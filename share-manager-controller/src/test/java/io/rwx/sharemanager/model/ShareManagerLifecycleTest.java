package io.rwx.sharemanager.model;

import io.rwx.crds.ShareManagerState;
import io.rwx.events.common.FailureReason;
import io.rwx.kit.model.ShareManagerPods;
import io.rwx.kit.model.ShareManagerPods.Health;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The ShareManager state machine, one row per situation (the pod's health is the shared classifier's verdict). */
class ShareManagerLifecycleTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        # case                                   | current  | in use | faulted | pod                | attached | confirmed | backoff ok | cluster IP | next     | action  | force | reason
        first use                                | -        | true   | false   | -                  | false    | false     | true       | false      | STARTING | CREATE  | false | in-use
        in use again after stop                  | STOPPED  | true   | false   | -                  | false    | false     | true       | true       | STARTING | CREATE  | false | in-use
        pod pending                              | STARTING | true   | false   | pending            | false    | false     | true       | true       | STARTING | NONE    | false | pod-pending
        scheduled, volume attaching              | STARTING | true   | false   | running-ready      | false    | false     | true       | true       | STARTING | NONE    | false | attaching-volume
        attached, pod not ready                  | STARTING | true   | false   | running            | true     | false     | true       | true       | STARTING | NONE    | false | pod-not-ready
        all ready but no ClusterIP yet           | STARTING | true   | false   | running-ready      | true     | false     | true       | false      | STARTING | NONE    | false | awaiting-cluster-ip
        ready and attached                       | STARTING | true   | false   | running-ready      | true     | false     | true       | true       | RUNNING  | NONE    | false | pod-ready
        stays running                            | RUNNING  | true   | false   | running-ready      | true     | false     | true       | true       | RUNNING  | NONE    | false | pod-ready
        node without a Ready condition           | RUNNING  | true   | false   | no-condition       | true     | false     | true       | true       | RUNNING  | NONE    | false | pod-ready
        pod Failed                               | RUNNING  | true   | false   | failed             | true     | false     | true       | true       | ERROR    | REPLACE | false | pod-failed
        container exited                         | RUNNING  | true   | false   | exited             | true     | false     | true       | true       | ERROR    | REPLACE | false | container-exited
        node NotReady                            | RUNNING  | true   | false   | node-not-ready     | true     | false     | true       | true       | ERROR    | REPLACE | true  | node-not-ready
        node gone                                | RUNNING  | true   | false   | node-gone          | true     | false     | true       | true       | ERROR    | REPLACE | true  | node-lost
        an episode confirmed its failure         | RUNNING  | true   | false   | running-ready      | true     | true      | true       | true       | ERROR    | REPLACE | false | failure-reported
        pod gone while running                   | RUNNING  | true   | false   | -                  | false    | false     | true       | true       | ERROR    | NONE    | false | pod-deleted
        pod gone while starting                  | STARTING | true   | false   | -                  | false    | false     | true       | true       | ERROR    | NONE    | false | pod-deleted
        error, backoff not elapsed               | ERROR    | true   | false   | -                  | false    | false     | false      | true       | ERROR    | NONE    | false | backoff
        error, backoff elapsed: recreate         | ERROR    | true   | false   | -                  | false    | false     | true       | true       | STARTING | CREATE  | false | recreated
        error, failed pod still terminating      | ERROR    | true   | false   | failed-terminating | false    | false     | true       | true       | ERROR    | NONE    | false | pod-failed
        running pod deleted by someone           | RUNNING  | true   | false   | deleted-by-someone | true     | false     | true       | true       | ERROR    | NONE    | false | pod-deleted
        stopped on purpose, wanted again         | STOPPING | true   | false   | stopping           | true     | false     | true       | true       | STARTING | NONE    | false | pod-terminating
        no workloads left                        | RUNNING  | false  | false   | running-ready      | true     | false     | true       | true       | STOPPING | STOP    | false | no-workloads
        stopping, pod terminating                | STOPPING | false  | false   | stopping           | true     | false     | true       | true       | STOPPING | NONE    | false | no-workloads
        stopped                                  | STOPPING | false  | false   | -                  | false    | false     | true       | true       | STOPPED  | NONE    | false | no-workloads
        not in use, node lost                    | RUNNING  | false  | false   | node-gone          | true     | false     | true       | true       | STOPPING | STOP    | true  | no-workloads
        faulted volume is not shared             | RUNNING  | true   | true    | running-ready      | true     | false     | true       | true       | STOPPING | STOP    | false | volume-faulted
        faulted, nothing running                 | STOPPED  | true   | true    | -                  | false    | false     | true       | true       | STOPPED  | NONE    | false | volume-faulted
        """)
    void decides(String description, ShareManagerState current, boolean inUse, boolean faulted, String pod,
            boolean attached, boolean confirmed, boolean backoffOk, boolean clusterIP, ShareManagerState next,
            Decision.PodAction action, boolean force, String reason) {
        Decision d = ShareManagerLifecycle.decide(new Facts(current, inUse, faulted, pod(pod), attached, confirmed,
                backoffOk, clusterIP));

        assertThat(d.next()).as(description).isEqualTo(next);
        assertThat(d.podAction()).as(description).isEqualTo(action);
        assertThat(d.force()).as(description).isEqualTo(force);
        assertThat(d.reason()).as(description).isEqualTo(reason);
    }

    static Facts.PodFacts pod(String kind) {
        if (kind == null) {
            return null;
        }
        return switch (kind) {
            case "pending" -> pod(null, Health.STARTING, null, false, false);
            case "running" -> pod("n1", Health.STARTING, null, false, false);
            case "running-ready", "no-condition" -> pod("n1", Health.SERVING, null, false, false);
            case "failed" -> pod("n1", Health.FAILED, FailureReason.POD_FAILED, false, false);
            case "exited" -> pod("n1", Health.FAILED, FailureReason.CONTAINER_EXITED, false, false);
            case "node-not-ready" -> pod("n1", Health.FAILED, FailureReason.NODE_NOT_READY, true, false);
            case "node-gone" -> pod("n1", Health.FAILED, FailureReason.NODE_LOST, true, false);
            case "failed-terminating" -> pod("n1", Health.FAILED, FailureReason.POD_FAILED, false, true);
            case "deleted-by-someone" -> pod("n1", Health.FAILED, FailureReason.POD_DELETED, false, true);
            case "stopping" -> pod("n1", Health.STOPPING, null, false, true);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    private static Facts.PodFacts pod(String node, Health health, FailureReason reason, boolean nodeDown,
            boolean terminating) {
        return new Facts.PodFacts("u", node, new ShareManagerPods.Verdict(health, reason, "test"), nodeDown, terminating);
    }

    @org.junit.jupiter.api.Test
    void aFirstFailureIsReplacedAtOnceThenRecreationBacksOffExponentiallyToTheCap() {
        Instant t = Instant.parse("2026-11-24T10:00:00Z");
        Duration cap = Duration.ofSeconds(10);
        RecreationBackoff b = RecreationBackoff.NONE;
        assertThat(b.elapsed(t, cap)).isTrue();
        b = b.failed(t);
        assertThat(b.delay(cap)).isEqualTo(Duration.ZERO);
        assertThat(b.elapsed(t, cap)).isTrue();
        b = b.failed(t);
        assertThat(b.delay(cap)).isEqualTo(Duration.ofSeconds(1));
        assertThat(b.elapsed(t.plusMillis(999), cap)).isFalse();
        assertThat(b.elapsed(t.plusSeconds(1), cap)).isTrue();
        b = b.failed(t).failed(t);
        assertThat(b.delay(cap)).isEqualTo(Duration.ofSeconds(4));
        b = b.failed(t).failed(t).failed(t);
        assertThat(b.delay(cap)).isEqualTo(cap);
    }

    @org.junit.jupiter.api.Test
    void theSameFailedPodSeenAgainCountsOnce() {
        // measured by the B1 benchmark: one failure seen by 15 passes (the controller's own status write not yet in
        // its cache) grew the delay to the 2-minute cap, and the volume stayed without a share-manager
        Instant t = Instant.parse("2026-11-24T10:00:00Z");
        Duration cap = Duration.ofMinutes(2);
        RecreationBackoff b = RecreationBackoff.NONE.failed(t, "pod-1");
        for (int pass = 0; pass < 15; pass++) {
            b = b.failed(t.plusMillis(25L * pass), "pod-1");
        }
        assertThat(b.failures()).isEqualTo(1);
        assertThat(b.delay(cap)).isEqualTo(Duration.ZERO);
        assertThat(b.failed(t, "pod-2").delay(cap)).as("its replacement failing is a second failure")
                .isEqualTo(Duration.ofSeconds(1));
    }

    @ParameterizedTest(name = "workloads={0} episode={1} lastUsed={2}s ago -> in use {3}")
    @CsvSource(nullValues = "-", value = {
            "1, -,                    -,  true",
            "0, -,                    -,  false",
            "0, -,                    10, true",
            "0, -,                    31, false",
            "0, RESTARTING_WORKLOADS, -,  true",
            "0, COMPLETED,            -,  false"})
    void aShareIsInUseWhileWorkloadsOrAnEpisodeNeedIt(int workloads, String phase, Long lastUsedSecondsAgo,
            boolean inUse) {
        Instant now = Instant.parse("2026-11-24T10:10:00Z");
        var episode = phase == null ? null : new io.rwx.kit.model.EpisodeRecord("uid", now.minusSeconds(60), phase);
        assertThat(Usage.inUse(workloads, episode, lastUsedSecondsAgo == null ? null : now.minusSeconds(lastUsedSecondsAgo),
                now, Duration.ofSeconds(30), Duration.ofMinutes(5))).isEqualTo(inUse);
    }
}
