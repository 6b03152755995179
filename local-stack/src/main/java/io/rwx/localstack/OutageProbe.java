package io.rwx.localstack;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An NFS client that writes a new small file through an endpoint every interval and records each result: the
 * outage a client sees across a failover, from its last good write before the failure to its first good write
 * after it. Used by the demo, its test and the benchmarks.
 */
public final class OutageProbe implements AutoCloseable {

    /** One write: when it started and ended, whether it worked, the client's error otherwise. */
    public record Attempt(long startMillis, long atMillis, boolean ok, String error) {
    }

    /** What a client saw around a failure at {@code failedAtMillis}. */
    public record Outage(long failedAtMillis, long lastGoodMillis, long firstGoodMillis, int failedWrites,
            String firstError) {

        /** From the last good write before the failure to the first good write after it. */
        public double seconds() {
            return (firstGoodMillis - lastGoodMillis) / 1000.0;
        }

        public String describe() {
            return String.format("%.1f s (last good write %s, %d failed write(s)%s, first good write %s)", seconds(),
                    Instant.ofEpochMilli(lastGoodMillis), failedWrites,
                    firstError == null ? "" : ": \"" + firstError + "\"", Instant.ofEpochMilli(firstGoodMillis));
        }
    }

    private final String endpoint;
    private final String prefix;
    private final List<Attempt> attempts = new CopyOnWriteArrayList<>();
    private final AtomicInteger seq = new AtomicInteger();
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "nfs-outage-probe"));

    private OutageProbe(String endpoint, String prefix) {
        this.endpoint = endpoint;
        this.prefix = prefix;
    }

    /** Starts writing {@code <prefix>-<n>.txt} through {@code endpoint} every {@code interval}. */
    public static OutageProbe start(String endpoint, String prefix, Duration interval) {
        OutageProbe probe = new OutageProbe(endpoint, prefix);
        probe.loop.scheduleWithFixedDelay(probe::writeOnce, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        return probe;
    }

    private void writeOnce() {
        int n = seq.incrementAndGet();
        long start = System.currentTimeMillis();
        NfsClient.Result r = NfsClient.write(endpoint, prefix + "-" + n + ".txt",
                (prefix + " write " + n + " at " + Instant.now() + "\n").getBytes(StandardCharsets.UTF_8));
        attempts.add(new Attempt(start, r.endedAtMillis(), r.ok(), r.error()));
    }

    public List<Attempt> attempts() {
        return new ArrayList<>(attempts);
    }

    /** Whether a write started after {@code millis} worked. */
    public boolean wroteAfter(long millis) {
        return attempts.stream().anyMatch(a -> a.ok() && a.startMillis() > millis);
    }

    /**
     * The outage around a failure at {@code failedAtMillis}: the last good write that ended before it, the failed
     * writes started after it, the first good write started after it (a write under way at the failure counts for
     * neither side). Null while there is no good write after the failure yet.
     */
    public Outage outageAround(long failedAtMillis) {
        long lastGood = -1;
        long firstGood = -1;
        int failed = 0;
        String firstError = null;
        for (Attempt a : attempts) {
            if (a.atMillis() <= failedAtMillis) {
                lastGood = a.ok() ? a.atMillis() : lastGood;
            } else if (a.startMillis() <= failedAtMillis) {
                continue; // under way when it failed
            } else if (!a.ok()) {
                failed++;
                firstError = firstError == null ? a.error() : firstError;
            } else {
                firstGood = a.atMillis();
                break;
            }
        }
        return lastGood < 0 || firstGood < 0 ? null : new Outage(failedAtMillis, lastGood, firstGood, failed, firstError);
    }

    @Override
    public void close() throws InterruptedException {
        loop.shutdownNow();
        loop.awaitTermination(10, TimeUnit.SECONDS);
    }
}
