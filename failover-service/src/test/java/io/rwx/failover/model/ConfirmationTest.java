package io.rwx.failover.model;

import io.rwx.events.common.FailureReason;
import io.rwx.kit.model.ShareManagerPods;
import io.rwx.kit.model.ShareManagerPods.Health;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A failure report confirms nothing by itself: every forged shape found from outside, and the genuine ones.
 * Pods: {@code cur} is the current share-manager; {@code old} a pod seen before (now gone); {@code stop} one stopped
 * on purpose; anything else was never seen.
 */
class ConfirmationTest {

    static final Instant SEEN_AT = Instant.parse("2026-11-25T10:00:00Z");
    static final Instant CREATED = Instant.parse("2026-11-25T09:00:00Z");

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        # case                                          | named | current is   | trusted | report time           | confirmed | reason           | detected at
        forged: a UID never seen as the share-manager   | ghost | serving      | false   | 2026-11-25T09:59:00Z  | false     | -                | -
        forged: a never-seen UID, even from a trusted source | ghost | serving | true    | 2026-11-25T09:59:00Z  | false     | -                | -
        forged: the healthy current pod, untrusted      | cur   | serving      | false   | 2026-11-25T09:59:00Z  | false     | -                | -
        trusted: the healthy current pod                | cur   | serving      | true    | 2026-11-25T09:59:00Z  | true      | EXTERNAL         | 2026-11-25T09:59:00Z
        forged time in the future is clamped            | cur   | exited       | false   | 2099-01-01T00:00:00Z  | true      | CONTAINER_EXITED | 2026-11-25T10:00:00Z
        time before the pod existed is clamped          | cur   | exited       | false   | 2020-01-01T00:00:00Z  | true      | CONTAINER_EXITED | 2026-11-25T09:00:00Z
        the current pod failed                          | cur   | failed       | false   | 2026-11-25T09:59:30Z  | true      | POD_FAILED       | 2026-11-25T09:59:30Z
        the current pod's node is NotReady              | cur   | node-down    | false   | 2026-11-25T09:59:30Z  | true      | NODE_NOT_READY   | 2026-11-25T09:59:30Z
        no pod named: the current one, failed           | -     | failed       | false   | 2026-11-25T09:59:30Z  | true      | POD_FAILED       | 2026-11-25T09:59:30Z
        no pod named: the current one, healthy          | -     | serving      | false   | 2026-11-25T09:59:30Z  | false     | -                | -
        no pod named and none exists                    | -     | -            | true    | 2026-11-25T09:59:30Z  | false     | -                | -
        a seen pod that is gone (deleted)               | old   | serving      | false   | 2026-11-25T09:59:30Z  | true      | POD_DELETED      | 2026-11-25T09:59:30Z
        a seen pod that was stopped on purpose          | stop  | -            | false   | 2026-11-25T09:59:30Z  | false     | -                | -
        a starting pod is not a failure                 | cur   | starting     | false   | 2026-11-25T09:59:30Z  | false     | -                | -
        """)
    void confirmsOnlyWhatTheApiShows(String description, String named, String current, boolean trusted,
            Instant reportedAt, boolean confirmed, FailureReason reason, Instant detectedAt) {
        ShareManagerPodSeen cur = current == null ? null : pod("cur", switch (current) {
            case "serving" -> new ShareManagerPods.Verdict(Health.SERVING, null, "Running and Ready");
            case "starting" -> new ShareManagerPods.Verdict(Health.STARTING, null, "Pending");
            case "exited" -> new ShareManagerPods.Verdict(Health.FAILED, FailureReason.CONTAINER_EXITED, "exited");
            case "node-down" -> new ShareManagerPods.Verdict(Health.FAILED, FailureReason.NODE_NOT_READY, "node down");
            default -> new ShareManagerPods.Verdict(Health.FAILED, FailureReason.POD_FAILED, "Failed");
        }, false);
        List<ShareManagerPodSeen> seen = new ArrayList<>();
        seen.add(pod("old", new ShareManagerPods.Verdict(Health.FAILED, FailureReason.POD_DELETED, "deleted"), true));
        seen.add(pod("stop", new ShareManagerPods.Verdict(Health.STOPPING, null, "stopped on purpose"), true));
        if (cur != null) {
            seen.add(cur);
        }

        Confirmation.Outcome outcome = Confirmation.confirm(new FailureSignal("v", named, "node-1",
                FailureReason.EXTERNAL, reportedAt, SEEN_AT, "//somewhere"), cur, seen, trusted);

        assertThat(outcome.confirmed()).as(description).isEqualTo(confirmed);
        assertThat(outcome.explanation()).as(description).isNotBlank();
        if (confirmed) {
            assertThat(outcome.reason()).as(description).isEqualTo(reason);
            assertThat(outcome.detectedAt()).as(description + ": never later than seen").isEqualTo(detectedAt);
            assertThat(outcome.pod().uid()).isEqualTo(named != null ? named : "cur");
        }
    }

    private static ShareManagerPodSeen pod(String uid, ShareManagerPods.Verdict verdict, boolean gone) {
        return new ShareManagerPodSeen(uid, "share-manager-v", "node-1", CREATED, verdict, gone);
    }
}
