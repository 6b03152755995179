package io.rwx.failover.model;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class EpisodeTest {

    static final Instant T = Instant.parse("2026-11-24T10:00:00.750Z");

    @org.junit.jupiter.api.Test
    void theStampIsTheDetectionTimeInWholeSeconds() {
        assertThat(Episode.open("a", T, "p", "n", "POD_FAILED").detectedAt())
                .isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        # case                                             | recorded | failed uid | pod created (s) | detected (s) | new episode
        nothing recorded                                   | -        | a          | -60             | 0            | true
        redelivered                                        | a        | a          | -60             | 0            | false
        later report, same pod                             | a        | a          | -60             | 30           | false
        the replacement failed                             | a        | b          | 10              | 30           | true
        late news of an older pod                          | a        | z          | -120            | 30           | false
        an older pod whose creation is unknown, late news  | a        | z          | -               | -30          | false
        a pod created after an episode stamped in the future | future | c        | 10              | 20           | true
        """)
    void oneFailedPodIsOneEpisodeAndNoEpisodeBlocksLaterOnes(String description, String recorded, String failedUid,
            Integer createdOffset, int detectedOffset, boolean opens) {
        Episode episode = recorded == null ? null : recorded.equals("future")
                ? new Episode("f", Instant.parse("2099-01-01T00:00:00Z"), Episode.Phase.COMPLETED, "p", "n", "EXTERNAL",
                        0, 0, null)
                : Episode.open(recorded, T, "p", "n", "POD_FAILED");
        Instant created = createdOffset == null ? null : T.plusSeconds(createdOffset);
        assertThat(Episode.opensNewEpisode(episode, failedUid, created, T.plusSeconds(detectedOffset),
                T.plusSeconds(60))).as(description).isEqualTo(opens);
    }

    @org.junit.jupiter.api.Test
    void settingsDefaultToOnAndParseLists() {
        assertThat(FailoverSettings.parse(null, null, null)).isEqualTo(FailoverSettings.DEFAULTS);
        FailoverSettings s = FailoverSettings.parse("false", " apps/StatefulSet ; batch/Job;", "delete-deployment-pod");
        assertThat(s.autoDelete()).isFalse();
        assertThat(s.blacklist()).containsExactlyInAnyOrder("apps/StatefulSet", "batch/Job");
        assertThat(s.nodeDownPolicy()).isEqualTo(NodeDownPolicy.DELETE_DEPLOYMENT_POD);
    }
}
