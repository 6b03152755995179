package io.rwx.sharemanager.model;

import io.rwx.crds.ShareManagerState;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The ShareManager state machine, one row per situation. */
class ShareManagerLifecycleTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        # case                                   | current  | in use | faulted | pod                | attached | reported | backoff ok | cluster IP | next     | action       | reason
        first use                                | -        | true   | false   | -                  | false    | false    | true       | false      | STARTING | CREATE       | in-use
        in use again after stop                  | STOPPED  | true   | false   | -                  | false    | false    | true       | true       | STARTING | CREATE       | in-use
        pod pending                              | STARTING | true   | false   | pending            | false    | false    | true       | true       | STARTING | NONE         | pod-pending
        scheduled, volume attaching              | STARTING | true   | false   | running-ready      | false    | false    | true       | true       | STARTING | NONE         | attaching-volume
        attached, pod not ready                  | STARTING | true   | false   | running            | true     | false    | true       | true       | STARTING | NONE         | pod-not-ready
        all ready but no ClusterIP yet           | STARTING | true   | false   | running-ready      | true     | false    | true       | false      | STARTING | NONE         | awaiting-cluster-ip
        ready and attached                       | STARTING | true   | false   | running-ready      | true     | false    | true       | true       | RUNNING  | NONE         | pod-ready
        stays running                            | RUNNING  | true   | false   | running-ready      | true     | false    | true       | true       | RUNNING  | NONE         | pod-ready
        pod Failed                               | RUNNING  | true   | false   | failed             | true     | false    | true       | true       | ERROR    | DELETE       | pod-failed
        container exited                         | RUNNING  | true   | false   | exited             | true     | false    | true       | true       | ERROR    | DELETE       | container-exited
        node NotReady                            | RUNNING  | true   | false   | node-not-ready     | true     | false    | true       | true       | ERROR    | FORCE_DELETE | node-not-ready
        node gone                                | RUNNING  | true   | false   | node-gone          | true     | false    | true       | true       | ERROR    | FORCE_DELETE | node-lost
        trusted failure report                   | RUNNING  | true   | false   | running-ready      | true     | true     | true       | true       | ERROR    | DELETE       | failure-reported
        pod gone while running                   | RUNNING  | true   | false   | -                  | false    | false    | true       | true       | ERROR    | NONE         | pod-deleted
        pod gone while starting                  | STARTING | true   | false   | -                  | false    | false    | true       | true       | ERROR    | NONE         | pod-deleted
        error, backoff not elapsed               | ERROR    | true   | false   | -                  | false    | false    | false      | true       | ERROR    | NONE         | backoff
        error, backoff elapsed: recreate         | ERROR    | true   | false   | -                  | false    | false    | true       | true       | STARTING | CREATE       | recreated
        error, old pod still terminating         | ERROR    | true   | false   | terminating        | false    | false    | true       | true       | ERROR    | NONE         | pod-terminating
        running pod deleted by someone           | RUNNING  | true   | false   | terminating        | true     | false    | true       | true       | ERROR    | NONE         | pod-terminating
        no workloads left                        | RUNNING  | false  | false   | running-ready      | true     | false    | true       | true       | STOPPING | DELETE       | no-workloads
        stopping, pod terminating                | STOPPING | false  | false   | terminating        | true     | false    | true       | true       | STOPPING | NONE         | no-workloads
        stopped                                  | STOPPING | false  | false   | -                  | false    | false    | true       | true       | STOPPED  | NONE         | no-workloads
        not in use, node lost                    | RUNNING  | false  | false   | node-gone          | true     | false    | true       | true       | STOPPING | FORCE_DELETE | no-workloads
        faulted volume is not shared             | RUNNING  | true   | true    | running-ready      | true     | false    | true       | true       | STOPPING | DELETE       | volume-faulted
        faulted, nothing running                 | STOPPED  | true   | true    | -                  | false    | false    | true       | true       | STOPPED  | NONE         | volume-faulted
        """)
    void decides(String description, ShareManagerState current, boolean inUse, boolean faulted, String pod,
            boolean attached, boolean reported, boolean backoffOk, boolean clusterIP, ShareManagerState next,
            Decision.PodAction action, String reason) {
        Decision d = ShareManagerLifecycle.decide(new Facts(current, inUse, faulted, pod(pod), attached, reported,
                backoffOk, clusterIP));

        assertThat(d.next()).as(description).isEqualTo(next);
        assertThat(d.podAction()).as(description).isEqualTo(action);
        assertThat(d.reason()).as(description).isEqualTo(reason);
    }

    static Facts.PodFacts pod(String kind) {
        if (kind == null) {
            return null;
        }
        return switch (kind) {
            case "pending" -> new Facts.PodFacts("u", null, "Pending", false, false, false, false, false);
            case "running" -> new Facts.PodFacts("u", "n1", "Running", false, false, false, true, true);
            case "running-ready" -> new Facts.PodFacts("u", "n1", "Running", true, false, false, true, true);
            case "failed" -> new Facts.PodFacts("u", "n1", "Failed", false, false, true, true, true);
            case "exited" -> new Facts.PodFacts("u", "n1", "Running", false, false, true, true, true);
            case "node-not-ready" -> new Facts.PodFacts("u", "n1", "Running", true, false, false, true, false);
            case "node-gone" -> new Facts.PodFacts("u", "n1", "Running", true, false, false, false, false);
            case "terminating" -> new Facts.PodFacts("u", "n1", "Running", true, true, false, true, true);
            default -> throw new IllegalArgumentException(kind);
        };
    }

    @org.junit.jupiter.api.Test
    void recreationBacksOffExponentiallyToTheCap() {
        Instant t = Instant.parse("2026-11-24T10:00:00Z");
        Duration cap = Duration.ofSeconds(10);
        RecreationBackoff b = RecreationBackoff.NONE;
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
}
