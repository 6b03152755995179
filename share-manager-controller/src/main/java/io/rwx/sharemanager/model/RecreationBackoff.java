package io.rwx.sharemanager.model;

import java.time.Duration;
import java.time.Instant;

/**
 * Per-volume exponential backoff of share-manager recreation. A first failure is replaced at once (the failover
 * clock is ticking for every client of the volume); only a share-manager that fails again before it ran is
 * delayed: 1 s, doubling, capped. A crash-looping share-manager therefore does not hammer the API. Reset once the
 * share-manager runs. A failure counts once per pod: a pass that sees the same failed pod again (its own write
 * not yet back in the cache, a replayed event) does not lengthen the delay.
 *
 * @param podUid the pod whose failure was counted last, or null
 */
public record RecreationBackoff(int failures, Instant lastFailure, String podUid) {

    public static final RecreationBackoff NONE = new RecreationBackoff(0, null, null);
    public static final Duration INITIAL = Duration.ofSeconds(1);

    public RecreationBackoff(int failures, Instant lastFailure) {
        this(failures, lastFailure, null);
    }

    /** A failure of a pod not known by its UID: always counts. */
    public RecreationBackoff failed(Instant at) {
        return failed(at, null);
    }

    /** The failure of pod {@code uid}; no change if that pod's failure is counted already. */
    public RecreationBackoff failed(Instant at, String uid) {
        if (uid != null && uid.equals(podUid)) {
            return this;
        }
        return new RecreationBackoff(failures + 1, at, uid);
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
