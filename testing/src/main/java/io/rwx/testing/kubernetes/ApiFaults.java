package io.rwx.testing.kubernetes;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * Faults the in-memory API server injects on request, for tests of conflict and error handling: the next
 * {@code times} requests that match answer with {@code status} (409, 500, 429, ...) instead of being served, or are
 * served after {@code delay}. Each injected fault is counted.
 */
public final class ApiFaults {

    /** One rule: requests matching {@code match} get {@code status} (0: served normally) after {@code delay}. */
    record Rule(Predicate<ApiRequest> match, int status, Duration delay, AtomicInteger remaining) {
    }

    /** What to do with one request. */
    record Injected(int status, Duration delay) {
    }

    private final List<Rule> rules = new CopyOnWriteArrayList<>();
    private final AtomicInteger injected = new AtomicInteger();

    /** The next {@code times} matching requests are answered with {@code status} and a Status body. */
    public ApiFaults fail(Predicate<ApiRequest> match, int status, int times) {
        rules.add(new Rule(match, status, Duration.ZERO, new AtomicInteger(times)));
        return this;
    }

    /** The next {@code times} matching requests are served only after {@code delay}. */
    public ApiFaults slow(Predicate<ApiRequest> match, Duration delay, int times) {
        rules.add(new Rule(match, 0, delay, new AtomicInteger(times)));
        return this;
    }

    public void clear() {
        rules.clear();
    }

    /** Faults injected so far. */
    public int injected() {
        return injected.get();
    }

    Injected next(ApiRequest request) {
        for (Rule rule : rules) {
            if (rule.match().test(request) && rule.remaining().getAndDecrement() > 0) {
                injected.incrementAndGet();
                return new Injected(rule.status(), rule.delay());
            }
        }
        return null;
    }
}
