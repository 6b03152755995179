package io.rwx.localstack;

import io.fabric8.kubernetes.api.model.Pod;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the workload pods of the local stack do with their RWX volume when share-managers run for real: each Running
 * pod that mounts a PVC of a served volume writes a new small file through the volume's endpoint
 * ({@code nfs://<clusterIP>/<volume>/io-<pod>-<n>.dat}) every {@link #PERIOD}, with the userspace NFS client, as a
 * process in that pod would. Every write is journalled per volume (the control endpoint serves it:
 * {@code GET /dataplane/io?volume=<v>}) and what changes (first write, failures, recovery) goes to the pod's log.
 * Job pods are left out: their container command runs for real on the volume's directory (see {@link Simulator}).
 */
final class WorkloadIo implements AutoCloseable {

    static final Duration PERIOD = Duration.ofMillis(1000);
    private static final int JOURNAL = 5000;

    /** One write of a workload pod through its volume's endpoint. */
    record Write(long atMillis, String pod, String volume, String file, boolean ok, String error, String sha256) {
    }

    /** Where a pod's PVC is served: its volume and {@code nfs://<clusterIP>/<volume>}. */
    record Mount(String volume, String endpoint) {
    }

    private final Simulator.PodLogs podLogs;
    private final ScheduledExecutorService io = Executors.newScheduledThreadPool(2, r -> new Thread(r, "simulated-workload-io"));
    private final Map<String, ScheduledFuture<?>> writers = new ConcurrentHashMap<>();
    private final Map<String, Deque<Write>> journal = new ConcurrentHashMap<>();

    WorkloadIo(Simulator.PodLogs podLogs) {
        this.podLogs = podLogs;
    }

    /** Starts a writer for every pod in {@code serving} (pod UID -> its mount) that has none; stops the others. */
    void reconcile(Map<String, Pod> podsByUid, Map<String, Mount> serving) {
        for (var e : serving.entrySet()) {
            writers.computeIfAbsent(e.getKey(), uid -> {
                Pod pod = podsByUid.get(uid);
                Writer w = new Writer(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), e.getValue());
                return io.scheduleWithFixedDelay(w::writeOnce, 0, PERIOD.toMillis(), TimeUnit.MILLISECONDS);
            });
        }
        Set<String> stale = new java.util.HashSet<>(writers.keySet());
        stale.removeAll(serving.keySet());
        stale.forEach(uid -> {
            ScheduledFuture<?> f = writers.remove(uid);
            if (f != null) {
                f.cancel(false);
            }
        });
    }

    /** The journal of {@code volume}'s writes, oldest first. */
    List<Write> writes(String volume) {
        return new ArrayList<>(journal.getOrDefault(volume, new ConcurrentLinkedDeque<>()));
    }

    private final class Writer {
        private final String namespace;
        private final String pod;
        private final Mount mount;
        private final AtomicInteger seq = new AtomicInteger();
        private int failures;
        private boolean wrote;

        Writer(String namespace, String pod, Mount mount) {
            this.namespace = namespace;
            this.pod = pod;
            this.mount = mount;
        }

        void writeOnce() {
            int n = seq.incrementAndGet();
            String file = "io-" + pod + "-" + n + ".dat";
            byte[] noise = new byte[480];
            ThreadLocalRandom.current().nextBytes(noise);
            byte[] data = ("pod " + namespace + "/" + pod + " write " + n + " at " + Instant.now() + "\n"
                    + HexFormat.of().formatHex(noise) + "\n").getBytes(StandardCharsets.UTF_8);
            NfsClient.Result r = NfsClient.write(mount.endpoint(), file, data);
            Deque<Write> writes = journal.computeIfAbsent(mount.volume(), v -> new ConcurrentLinkedDeque<>());
            writes.addLast(new Write(r.endedAtMillis(), pod, mount.volume(), file, r.ok(), r.error(),
                    r.ok() ? NfsClient.sha256(data) : null));
            while (writes.size() > JOURNAL) {
                writes.pollFirst();
            }
            if (r.ok() && (!wrote || failures > 0)) {
                log(failures > 0 ? "writes through " + mount.endpoint() + " work again after " + failures + " failed"
                        : "writing through " + mount.endpoint() + " every " + PERIOD.toMillis() + " ms (" + file + ")");
                wrote = true;
                failures = 0;
            } else if (!r.ok() && failures++ == 0) {
                log("write of " + file + " through " + mount.endpoint() + " failed: " + r.error());
            }
        }

        private void log(String line) {
            if (podLogs != null) {
                podLogs.append(namespace, pod, Instant.now() + " " + line + "\n");
            }
            Simulator.log("workload " + namespace + "/" + pod, line);
        }
    }

    @Override
    public void close() {
        io.shutdownNow();
    }
}
