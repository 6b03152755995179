package io.rwx.kit.lanes;

import java.time.Duration;
import java.util.function.Predicate;

/**
 * Bounded retries with exponential backoff: at most {@code attempts} tries, the first delay doubling up to
 * {@code maxDelay}, only for failures {@code retriable} accepts.
 */
public record RetryPolicy(int attempts, Duration firstDelay, Duration maxDelay, Predicate<Throwable> retriable) {

    public RetryPolicy {
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1");
        }
    }

    public static RetryPolicy none() {
        return new RetryPolicy(1, Duration.ZERO, Duration.ZERO, e -> false);
    }

    Duration delayBefore(int attempt) {
        long millis = firstDelay.toMillis() << Math.min(Math.max(0, attempt - 2), 20);
        return Duration.ofMillis(Math.min(millis, maxDelay.toMillis()));
    }
}
