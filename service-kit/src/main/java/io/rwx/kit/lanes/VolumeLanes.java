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

    public VolumeLanes(String name, int stripes) {
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
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> queued = queuedReconciles.putIfAbsent(key, mine);
        if (queued != null) {
            return queued;
        }
        try {
            stripe(key).execute(() -> {
                queuedReconciles.remove(key, mine); // from now on a new request must run again
                try {
                    reconcile.run();
                    mine.complete(null);
                } catch (Throwable e) {
                    mine.completeExceptionally(e);
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
