package io.rwx.sharemanager.model;

import io.rwx.kit.model.EpisodeRecord;

import java.time.Duration;
import java.time.Instant;

/**
 * Is the volume's share in use? Yes while a workload uses it; also while the volume's failover episode restarts
 * its workloads (for at most {@code restartGrace} from the failure: the episode's own deletions are not "no
 * workloads"), and for {@code stopDelay} after the last workload left (a rollout, or a pod recreated by its
 * controller, does not stop and restart the share). Pure.
 */
public final class Usage {

    private Usage() {
    }

    public static boolean inUse(int workloads, EpisodeRecord episode, Instant lastUsedAt, Instant now,
            Duration stopDelay, Duration restartGrace) {
        if (workloads > 0) {
            return true;
        }
        if (episode != null && episode.open() && episode.detectedAt() != null
                && now.isBefore(episode.detectedAt().plus(restartGrace))) {
            return true;
        }
        return lastUsedAt != null && now.isBefore(lastUsedAt.plus(stopDelay));
    }
}
