package io.rwx.failover.model;

import io.rwx.events.common.FailureReason;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class FailureConfirmationTest {

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        # case                                  | reported uid | current uid | phase   | ready | terminating | container exited | node exists | node ready | trusted | confirmed | reason
        reported pod gone (replaced)            | old          | new         | Running | true  | false | false | true  | true  | false | true  | POD_FAILED
        reported pod gone, no pod at all        | old          | -           | -       | false | false | false | true  | true  | false | true  | POD_FAILED
        pod phase Failed                        | p            | p           | Failed  | false | false | false | true  | true  | false | true  | POD_FAILED
        container terminated                    | p            | p           | Running | false | false | true  | true  | true  | false | true  | CONTAINER_EXITED
        node deleted                            | p            | p           | Running | true  | false | false | false | false | false | true  | NODE_LOST
        node NotReady                           | p            | p           | Running | true  | false | false | true  | false | false | true  | NODE_NOT_READY
        pod being deleted                       | p            | p           | Running | true  | true  | false | true  | true  | false | true  | POD_DELETED
        healthy pod, untrusted report           | p            | p           | Running | true  | false | false | true  | true  | false | false | -
        healthy pod, trusted report             | p            | p           | Running | true  | false | false | true  | true  | true  | true  | POD_FAILED
        unnamed pod, healthy, untrusted         | -            | p           | Running | true  | false | false | true  | true  | false | false | -
        unnamed pod, node NotReady              | -            | p           | Running | true  | false | false | true  | false | false | true  | NODE_NOT_READY
        nothing named and no pod                | -            | -           | -       | false | false | false | true  | true  | true  | false | -
        pending replacement, untrusted          | -            | p           | Pending | false | false | false | true  | true  | false | false | -
        """)
    void confirmsOnlyWhatTheApiShows(String description, String reportedUid, String currentUid, String phase,
            boolean ready, boolean terminating, boolean containerExited, boolean nodeExists, boolean nodeReady,
            boolean trusted, boolean confirmed, FailureReason reason) {
        ShareManagerPodView current = currentUid == null ? null : new ShareManagerPodView("share-manager-v",
                currentUid, "node-1", phase, ready, terminating, containerExited, nodeReady, nodeExists,
                Instant.EPOCH);

        FailureConfirmation.Outcome outcome = FailureConfirmation.confirm(reportedUid, FailureReason.POD_FAILED,
                current, trusted);

        assertThat(outcome.confirmed()).as(description).isEqualTo(confirmed);
        if (confirmed) {
            assertThat(outcome.reason()).as(description).isEqualTo(reason);
            assertThat(outcome.episodeUid()).isEqualTo(reportedUid != null ? reportedUid : currentUid);
        }
    }
}
