package io.rwx.failover.model;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class EpisodeTest {

    static final Instant T = Instant.parse("2026-11-24T10:00:00.750Z");

    @Test
    void theStampIsTheDetectionTimeInWholeSeconds() {
        assertThat(Episode.open("a", T, "p", "n", "POD_FAILED").detectedAt())
                .isEqualTo(Instant.parse("2026-11-24T10:00:00Z"));
    }

    @Test
    void oneFailedPodIsOneEpisode() {
        Episode recorded = Episode.open("a", T, "p", "n", "POD_FAILED");
        assertThat(Episode.opensNewEpisode(null, "a", T)).isTrue();
        assertThat(Episode.opensNewEpisode(recorded, "a", T)).as("redelivered").isFalse();
        assertThat(Episode.opensNewEpisode(recorded, "a", T.plusSeconds(30))).as("later signal, same pod").isFalse();
        assertThat(Episode.opensNewEpisode(recorded, "b", T.plusSeconds(30))).as("the replacement failed").isTrue();
        assertThat(Episode.opensNewEpisode(recorded, "z", T.minusSeconds(30))).as("late news of an older pod").isFalse();
    }

    @Test
    void settingsDefaultToOnAndParseLists() {
        assertThat(FailoverSettings.parse(null, null, null)).isEqualTo(FailoverSettings.DEFAULTS);
        FailoverSettings s = FailoverSettings.parse("false", " apps/StatefulSet ; batch/Job;", "delete-deployment-pod");
        assertThat(s.autoDelete()).isFalse();
        assertThat(s.blacklist()).containsExactlyInAnyOrder("apps/StatefulSet", "batch/Job");
        assertThat(s.nodeDownPolicy()).isEqualTo(NodeDownPolicy.DELETE_DEPLOYMENT_POD);
    }
}
