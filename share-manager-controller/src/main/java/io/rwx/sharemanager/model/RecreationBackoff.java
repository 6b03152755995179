package io.rwx.sharemanager.model;

import java.time.Duration;
import java.time.Instant;

/**
 * Per-volume exponential backoff of share-manager recreation. A first failure is replaced at once (the failover
 * clock is ticking for every client of the volume); only a share-manager that fails again before it ran is
 * delayed: 1 s, doubling, capped. A crash-looping share-manager therefore does not hammer the API. Reset once the
 * share-manager runs.
 */
public record RecreationBackoff(int failures, Instant lastFailure) {

    public static final RecreationBackoff NONE = new RecreationBackoff(0, null);
    public static final Duration INITIAL = Duration.ofSeconds(1);

    public RecreationBackoff failed(Instant at) {
        return new RecreationBackoff(failures + 1, at);
    }

    public Duration delay(Duration cap) {
        if (failures <= 1) {
            return Duration.ZERO;
        }
        long factor = 1L << Math.min(failures - 2, 30);
        Duration d = INITIAL.multipliedBy(factor);
        return d.compareTo(cap) > 0 ? cap : d;
    }

    public boolean elapsed(Instant now, Duration cap) {
        return lastFailure == null || !now.isBefore(lastFailure.plus(delay(cap)));
    }

    public Instant nextAttempt(Duration cap) {
        return lastFailure == null ? Instant.MIN : lastFailure.plus(delay(cap));
    }
}
