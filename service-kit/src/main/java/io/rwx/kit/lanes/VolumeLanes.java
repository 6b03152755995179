package io.rwx.kit.lanes;

import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One lane per volume: every action for a volume (each Kafka channel, the periodic pass, REST) runs in the lane
 * of its key, one at a time and in submission order; different volumes run concurrently. A lane is one of a
 * fixed number of single-threaded stripes chosen by the key's hash (like a Kafka partition by its key), so
 * there is no lock per volume and no map that grows with the number of volumes.
 * <p>
 * Reconciles coalesce: a reconcile requested while one for the same key is queued and not yet started joins it
 * (it will read the state anyway). Waiting is never done inside a lane: a retry after a delay is scheduled and
 * re-enters the lane when it is due.
 */
public final class VolumeLanes implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(VolumeLanes.class);

    private final ExecutorService[] stripes;
    private final ScheduledExecutorService timer;
    /** Reconciles queued and not started yet, by key: bounded by what is queued. */
    private final ConcurrentHashMap<String, CompletableFuture<Void>> queuedReconciles = new ConcurrentHashMap<>();

    /** Run in the lane before each task; blocks while the lane's work must not start (e.g. the cache is not synced). */
    private final Runnable gate;

    public VolumeLanes(String name, int stripes) {
        this(name, stripes, () -> { });
    }

    /**
     * @param gate run in the lane before each task and reconcile; it blocks while work must wait (the services pass
     *             their informer cache's {@code blockUntilSynced}: nothing is decided from a cache not yet listed)
     */
    public VolumeLanes(String name, int stripes, Runnable gate) {
        this.gate = gate;
        if (stripes < 1) {
            throw new IllegalArgumentException("at least one lane stripe is needed, was " + stripes);
        }
        this.stripes = new ExecutorService[stripes];
        AtomicInteger n = new AtomicInteger();
        for (int i = 0; i < stripes; i++) {
            this.stripes[i] = Executors.newSingleThreadExecutor(r -> daemon(r, name + "-lane-" + n.getAndIncrement()));
        }
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, name + "-lane-timer"));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Runs {@code task} in the lane of {@code key}, after everything submitted to that lane before. */
    public <T> CompletableFuture<T> submit(String key, Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        try {
            stripe(key).execute(() -> {
                try {
                    gate.run();
                    result.complete(task.call());
                } catch (Throwable e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            result.completeExceptionally(e);
        }
        return result;
    }

    public CompletableFuture<Void> run(String key, Runnable task) {
        return submit(key, () -> {
            task.run();
            return null;
        });
    }

    /**
     * Requests a reconcile of {@code key}: joins one that is queued and not started yet, else queues one.
     */
    public CompletableFuture<Void> reconcile(String key, Runnable reconcile) {
        return reconcile(key, RetryPolicy.none(), reconcile);
    }

    /**
     * Runs {@code task} in the lane of {@code key}; a failure the policy calls retriable is tried again after the
     * policy's delay, re-entering the lane (other work of the volume may run in between, the lane is never held
     * while waiting). The future fails with the last failure once the attempts are spent.
     */
    public <T> CompletableFuture<T> submit(String key, RetryPolicy policy, Callable<T> task) {
        CompletableFuture<T> result = new CompletableFuture<>();
        attempt(key, policy, task, 1, result);
        return result;
    }

    private <T> void attempt(String key, RetryPolicy policy, Callable<T> task, int attempt, CompletableFuture<T> result) {
        submit(key, task).whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
                return;
            }
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (attempt >= policy.attempts() || !policy.retriable().test(cause)) {
                result.completeExceptionally(cause);
                return;
            }
            Duration delay = policy.delayBefore(attempt + 1);
            LOG.debugf("%s: attempt %d failed (%s), retrying in %d ms", key, attempt, cause.getMessage(), delay.toMillis());
            try {
                timer.schedule(() -> attempt(key, policy, task, attempt + 1, result), delay.toMillis(),
                        TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                result.completeExceptionally(cause);
            }
        });
    }

    /**
     * A coalesced reconcile with retries: joins one queued and not started yet; a failure the policy calls
     * retriable runs it again after the policy's delay (re-entering the lane). The future completes when a run
     * succeeded, or fails with the last failure.
     */
    public CompletableFuture<Void> reconcile(String key, RetryPolicy policy, Runnable reconcile) {
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> queued = queuedReconciles.putIfAbsent(key, mine);
        if (queued != null) {
            return queued;
        }
        try {
            stripe(key).execute(() -> {
                try {
                    gate.run();
                } catch (RuntimeException e) {
                    queuedReconciles.remove(key, mine);
                    mine.completeExceptionally(e);
                    return;
                }
                queuedReconciles.remove(key, mine);
                try {
                    reconcile.run();
                    mine.complete(null);
                } catch (Throwable e) {
                    if (policy.attempts() <= 1 || !policy.retriable().test(e)) {
                        mine.completeExceptionally(e);
                        return;
                    }
                    RetryPolicy rest = new RetryPolicy(policy.attempts() - 1, policy.firstDelay(), policy.maxDelay(),
                            policy.retriable());
                    try {
                        timer.schedule(() -> submit(key, rest, () -> {
                            reconcile.run();
                            return null;
                        }).whenComplete((v, err) -> {
                            if (err == null) {
                                mine.complete(null);
                            } else {
                                mine.completeExceptionally(err);
                            }
                        }), policy.firstDelay().toMillis(), TimeUnit.MILLISECONDS);
                    } catch (java.util.concurrent.RejectedExecutionException closed) {
                        mine.completeExceptionally(e);
                    }
                }
            });
        } catch (java.util.concurrent.RejectedExecutionException e) {
            queuedReconciles.remove(key, mine);
            mine.completeExceptionally(e);
        }
        return mine;
    }

    /** Runs {@code task} in the lane of {@code key} once {@code delay} has passed (the lane is free meanwhile). */
    public void schedule(String key, Duration delay, Runnable task) {
        try {
            timer.schedule(() -> run(key, task).exceptionally(e -> {
                LOG.warnf("%s: delayed task failed: %s", key, e.getMessage());
                return null;
            }), Math.max(0, delay.toMillis()), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debugf("%s: lanes closed, delayed task dropped", key);
        }
    }

    private ExecutorService stripe(String key) {
        return stripes[Math.floorMod(key.hashCode(), stripes.length)];
    }

    @Override
    public void close() {
        timer.shutdownNow();
        for (ExecutorService s : stripes) {
            s.shutdown();
        }
        for (ExecutorService s : stripes) {
            try {
                if (!s.awaitTermination(10, TimeUnit.SECONDS)) {
                    s.shutdownNow();
                }
            } catch (InterruptedException e) {
                s.shutdownNow();
                Thread.currentThread().interrupt();
            }
        }
    }
}
