package io.rwx.bench;

import io.rwx.localstack.Stack;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code ./rwx bench [--smoke]}: B1-B5 on the local stack, each beside a baseline measured in the same run, into
 * BENCHMARKS.md (the smoke mode, tiny sizes, writes {@code bench/target/BENCHMARKS-smoke.md} and only checks that
 * everything still runs).
 */
public final class Bench {

    /** The sizes of a run. */
    record Sizes(int b1Episodes, int b2Volumes, int b3Snapshots, int b3Volumes, int b4SmallFiles, int b4LargeFiles,
            long b4LargeBytes, long b4SparseBytes) {
        static final Sizes FULL = new Sizes(200, 1000, 50_000, 10_000, 100_000, 7, 256L << 20, 1L << 30);
        static final Sizes SMOKE = new Sizes(3, 12, 2_000, 200, 2_000, 1, 4L << 20, 16L << 20);

        /** These sizes with any of {@code -Drwx.bench.b1Episodes}, {@code b2Volumes}, {@code b3Snapshots}, ... set. */
        Sizes overridden() {
            return new Sizes(Integer.getInteger("rwx.bench.b1Episodes", b1Episodes),
                    Integer.getInteger("rwx.bench.b2Volumes", b2Volumes),
                    Integer.getInteger("rwx.bench.b3Snapshots", b3Snapshots),
                    Integer.getInteger("rwx.bench.b3Volumes", b3Volumes),
                    Integer.getInteger("rwx.bench.b4SmallFiles", b4SmallFiles),
                    Integer.getInteger("rwx.bench.b4LargeFiles", b4LargeFiles),
                    Long.getLong("rwx.bench.b4LargeBytes", b4LargeBytes),
                    Long.getLong("rwx.bench.b4SparseBytes", b4SparseBytes));
        }
    }

    private Bench() {
    }

    /** Benchmarks to run ({@code --only=B1,B3}); all by default. */
    static java.util.Set<String> only = java.util.Set.of("B1", "B2", "B3", "B4", "B5", "B6");

    public static void main(String[] args) throws Exception {
        boolean smoke = List.of(args).contains("--smoke");
        for (String a : args) {
            if (a.startsWith("-D") && a.contains("=")) { // ./rwx bench -Drwx.bench.b2Volumes=300: a size, see Sizes
                System.setProperty(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            }
            if (a.startsWith("--only=")) {
                only = java.util.Set.of(a.substring(7).toUpperCase().split(","));
            }
        }
        Path repo = Path.of(System.getProperty("rwx.repo", ".")).toAbsolutePath().normalize();
        Sizes sizes = (smoke ? Sizes.SMOKE : Sizes.FULL).overridden(); // -Drwx.bench.<size>=n, e.g. while profiling
        // BENCHMARKS.md is what a full run of every benchmark at the full sizes measured; anything else goes aside
        Path out = smoke || only.size() < 6 || !sizes.equals(Sizes.FULL) ? repo.resolve("bench/target/BENCHMARKS-partial.md")
                : repo.resolve("BENCHMARKS.md");
        String header = header(smoke);
        // written after each benchmark too: a run cut short keeps what it measured
        Report report = run(repo, sizes, smoke, r -> {
            try {
                r.write(out, header + "\n(partial: the run is still going)\n");
            } catch (IOException e) {
                System.out.println("[bench] could not write " + out + ": " + e);
            }
        });
        Path analysis = repo.resolve("bench/analysis.md");
        if (!smoke && Files.exists(analysis)) { // the profiles and reasoning behind the figures, kept beside the harness
            report.section("What bounds these figures", Files.readString(analysis).strip() + "\n");
        }
        report.write(out, header);
        System.out.println("wrote " + out);
    }

    static Report run(Path repo, Sizes sizes, boolean smoke) throws Exception {
        return run(repo, sizes, smoke, r -> { });
    }

    static Report run(Path repo, Sizes sizes, boolean smoke, java.util.function.Consumer<Report> checkpoint)
            throws Exception {
        // the services run as in production: the default JIT (the local stack stops at C1 for a quick start-up) and
        // the default periods (the local stack's are short, for the demo)
        System.setProperty("rwx.stack.production", "true");
        Report report = new Report();
        Path work = repo.resolve("bench/target/work");
        long t0 = System.nanoTime();
        Lap lap = new Lap();

        if (only.contains("B4")) {
            System.out.println("[bench] B4 copy tree");
            Copies.B4 b4 = new Copies(work.resolve("b4"), repo).b4(sizes.b4SmallFiles(), sizes.b4LargeFiles(),
                    sizes.b4LargeBytes(), sizes.b4SparseBytes());
            b4(report, b4);
            lap.done("B4");
            checkpoint.accept(report);
        }
        if (only.stream().noneMatch(b -> !b.equals("B4") && !b.equals("B6"))) {
            if (!smoke && only.contains("B6")) {
                b6(repo, work, smoke, report);
                lap.done("B6 (its own stack)");
            }
            return ran(report, smoke, t0, lap);
        }

        System.out.println("[bench] starting the local stack");
        try (Stack stack = Stack.start(repo, work.resolve("stack"), System.out); Cluster cluster = new Cluster(stack)) {
            lap.done("starting the local stack");
            Footprint footprint = new Footprint(stack);
            Map<String, Footprint.Sample> idle = new LinkedHashMap<>();
            Footprint.Sample empty = null;
            if (only.contains("B5")) {
                System.out.println("[bench] B5 footprint, idle");
                for (String s : Footprint.services()) {
                    idle.put(s, footprint.restartAndMeasure(s));
                }
                empty = Footprint.emptyApp(repo, work.resolve("b5"));
                lap.done("B5 (idle)");
            }
            Failovers failovers = new Failovers(stack, cluster);
            if (only.contains("B1")) {
                System.out.println("[bench] B1 failover latency, " + sizes.b1Episodes() + " episodes");
                b1(report, failovers.b1(sizes.b1Episodes()));
                lap.done("B1");
                checkpoint.accept(report);
            }
            if (only.contains("B2")) {
                System.out.println("[bench] B2 mass failover, " + sizes.b2Volumes() + " volumes");
                b2(report, failovers.b2(sizes.b2Volumes()));
                lap.done("B2");
                checkpoint.accept(report);
            }
            if (only.contains("B3")) {
                System.out.println("[bench] B3 throughput");
                Throughput.createBenchTopic(stack);
                Throughput.B3 b3 = new Throughput(stack, cluster).b3(sizes.b3Snapshots(), sizes.b3Volumes());
                b3(report, b3);
                lap.done("B3");
                checkpoint.accept(report);
            }
            if (only.contains("B5")) {
                Map<String, Footprint.Sample> holding = new LinkedHashMap<>();
                for (String s : Footprint.services()) {
                    holding.put(s, footprint.holding(s));
                }
                b5(report, idle, holding, empty, (only.contains("B3") ? sizes.b3Volumes() : 0)
                        + (only.contains("B2") ? sizes.b2Volumes() : 0));
                lap.done("B5 (holding)");
            }
        }
        lap.done("stopping the local stack");
        if (!smoke && only.contains("B6")) {
            b6(repo, work, smoke, report);
            lap.done("B6 (its own stack)");
        }
        return ran(report, smoke, t0, lap);
    }

    /** The run's length, part by part. */
    private static Report ran(Report report, boolean smoke, long t0, Lap lap) {
        StringBuilder parts = new StringBuilder("| part | wall time |\n|---|---|\n");
        lap.took.forEach((part, s) -> parts.append(String.format("| %s | %.0f s |%n", part, s)));
        report.section("Run", String.format("%s mode, %.0f s (%.1f min) in all, finished %s.%n%n%s", smoke ? "Smoke" : "Full",
                (System.nanoTime() - t0) / 1e9, (System.nanoTime() - t0) / 6e10, Instant.now(), parts));
        return report;
    }

    /** Wall time per part of a run, each printed as it ends. */
    private static final class Lap {
        final Map<String, Double> took = new LinkedHashMap<>();
        private long last = System.nanoTime();

        void done(String part) {
            long now = System.nanoTime();
            took.put(part, (now - last) / 1e9);
            System.out.printf("[bench] %s: %.0f s%n", part, (now - last) / 1e9);
            last = now;
        }
    }

    /**
     * B6, on a stack of its own whose share-managers run for real (Docker and the share-manager image needed): the
     * outage an NFS client sees over 10 failovers. Not in the smoke run: {@code LocalStackE2ETest} measures the same
     * in CI on the stack it already has.
     */
    private static Report b6(Path repo, Path work, boolean smoke, Report report) throws Exception {
        if (smoke || !only.contains("B6")) {
            return report;
        }
        System.out.println("[bench] B6 client-visible outage over 10 failovers (share-managers as containers)");
        try (Stack stack = Stack.start(repo, work.resolve("stack-b6"), System.out, Map.of(), Stack.DataPlaneMode.ON)) {
            List<io.rwx.localstack.ClientOutages.Episode> episodes = io.rwx.localstack.ClientOutages.measure(stack, 10);
            Stats outage = new Stats();
            Stats ready = new Stats();
            episodes.forEach(e -> {
                outage.add(e.outage().seconds() * 1000);
                ready.add(e.replacementReadySeconds() * 1000);
            });
            report.row("B6", "NFS client outage across a share-manager failover (10 failovers)",
                    String.format("median %.1f s, max %.1f s", outage.percentile(50) / 1000, outage.percentile(100) / 1000),
                    String.format("replacement Ready after median %.1f s", ready.percentile(50) / 1000),
                    String.format("%.1fx", outage.percentile(50) / ready.percentile(50)),
                    "(measured; Longhorn: about 20 s)", true);
            report.section("B6 client-visible outage", """
                    A stack whose share-manager pods run as containers of the share-manager image (NFS-Ganesha), serving
                    on a loopback ClusterIP; one RWX volume used by a 2-replica Deployment. A client (libnfs's nfs-cp,
                    NFSv4.0) writes a new file through nfs://<clusterIP>/<volume> every 100 ms; the share-manager's
                    container is killed; the outage is from the client's last good write before the kill to its first
                    good write after it, through the same endpoint. Each episode runs to failover.completed before the
                    next kill. Beside it: from the kill to the replacement Running and Ready (Ganesha answering), which
                    bounds the outage from below. min / median / p95 / p99 / max, in seconds:

                    | | figure |
                    |---|---|
                    | client outage | %s |
                    | kill -> replacement Ready | %s |
                    """.formatted(seconds(outage), seconds(ready)));
        }
        return report;
    }

    private static String seconds(Stats s) {
        return String.format("%.2f / %.2f / %.2f / %.2f / %.2f", s.percentile(0) / 1000, s.percentile(50) / 1000,
                s.percentile(95) / 1000, s.percentile(99) / 1000, s.percentile(100) / 1000);
    }

    private static void b1(Report report, Failovers.B1 b1) {
        double p99 = b1.deleted().percentile(99);
        double base = b1.baselineDeleted().percentile(99);
        report.row("B1", "failover, 1 volume, 10 workload pods: Failed -> every workload pod deleted, p99",
                Stats.ms(p99) + " ms", Stats.ms(base) + " ms", String.format("%.1fx", p99 / base),
                "p99 < 250 ms, within 3x", p99 < 250 && p99 <= 3 * base);
        report.section("B1 failover latency", """
                One RWX volume with 10 controller-owned workload pods; the share-manager pod is marked Failed through the
                simulator's kubelet, episode after episode. Times are from the moment a watch on the API server saw the
                pod Failed to the moment it saw each step; the harness marks a new share-manager pod Running and Ready as
                soon as it appears. Baseline: one client making the same API calls directly (create the replacement, patch
                the volume's status, delete the 10 pods), no Kafka, no services. min / median / p95 / p99 / max:

                | step | rwx (Kafka + services) | baseline (direct API calls) |
                |---|---|---|
                | (a) replacement created | %s | %s |
                | (b) remountRequestedAt stamped | %s | %s |
                | (c) every workload pod deleted | %s | %s |

                Episodes that did not complete within 30 s: %d.
                """.formatted(b1.replacement().describe(), b1.baselineReplacement().describe(), b1.stamp().describe(),
                b1.baselineStamp().describe(), b1.deleted().describe(), b1.baselineDeleted().describe(), b1.lost()));
    }

    private static void b2(Report report, Failovers.B2 b2) {
        double slowest = Math.max(b2.allReplacedMs(), b2.allStampedMs());
        report.row("B2", "a node with " + b2.onNode() + " share-managers fails: all replaced and stamped",
                String.format("replaced %.1f s, stamped %.1f s", b2.allReplacedMs() / 1000, b2.allStampedMs() / 1000),
                String.format("%.1f s for %d creates + %d patches", b2.baselineMs() / 1000, b2.baselineOps(), b2.baselineOps()),
                String.format("%.1fx", slowest / b2.baselineMs()), "< 10 s, no volume twice",
                slowest < 10_000 && b2.handledTwice() == 0 && b2.lost() == 0 && b2.notLive().isEmpty());
        report.section("B2 mass failover", """
                %d RWX volumes, each used by one pod; the harness runs every share-manager on node-2, then the simulator
                marks node-2 NotReady. Measured from that moment to the last replacement created and the last volume
                stamped (as a watch saw them). Volumes handled twice (more than one new stamp): %d. Volumes not failed
                over within 120 s: %d. Services not live afterwards: %s. Baseline: one client creating %d pods and
                merge-patching %d volume statuses on the same API server, sequentially.

                CPU used from the node's failure until the harness saw the last volume failed over (%.1f s), per
                process (the machine has %d cores; every process of the stack shares them):

                %s
                """.formatted(b2.onNode(), b2.handledTwice(), b2.lost(), b2.notLive().isEmpty() ? "none" : b2.notLive(),
                b2.baselineOps(), b2.baselineOps(), b2.cpuWindowMs() / 1000, Runtime.getRuntime().availableProcessors(),
                cpuTable(b2.cpuMillis(), b2.cpuWindowMs(), b2.onNode())));
    }

    /** CPU seconds per process over a window of {@code windowMs}, its share of the machine, and per volume. */
    static String cpuTable(Map<String, Long> cpuMillis, double windowMs, int volumes) {
        StringBuilder t = new StringBuilder("| process | CPU (s) | cores busy on average | CPU per volume (ms) |\n|---|---|---|---|\n");
        long total = 0;
        for (var e : cpuMillis.entrySet()) {
            total += e.getValue();
            t.append(String.format("| %s | %.1f | %.2f | %.1f |%n", e.getKey(), e.getValue() / 1000.0,
                    e.getValue() / windowMs, (double) e.getValue() / volumes));
        }
        t.append(String.format("| **all** | %.1f | %.2f | %.1f |%n", total / 1000.0, total / windowMs,
                (double) total / volumes));
        return t.toString();
    }

    private static void b3(Report report, Throughput.B3 b3) {
        double ratio = b3.ingest().perSecond() / b3.plainConsumer().perSecond();
        report.row("B3a", "share-manager-controller draining no-op volume.observed", String.format("%,.0f/s",
                b3.ingest().perSecond()), String.format("%,.0f/s plain consumer", b3.plainConsumer().perSecond()),
                String.format("%.0f %%", 100 * ratio), ">= 20,000/s, aim 50 %", b3.ingest().perSecond() >= 20_000);
        double pratio = b3.resync().perSecond() / b3.plainProducer().perSecond();
        report.row("B3b", "volume-watcher publishing a " + b3.volumes() + "-volume resync", String.format("%,.0f/s",
                b3.resync().perSecond()), String.format("%,.0f/s plain idempotent producer", b3.plainProducer().perSecond()),
                String.format("%.0f %%", 100 * pratio), ">= 20,000/s, aim 50 %", b3.resync().perSecond() >= 20_000);
        report.section("B3 event throughput", """
                - share-manager-controller: %s (snapshots of detached RWX volumes nobody uses: each is a reconcile in the
                  volume's lane that changes nothing), timed from the first record produced to its consumer group's last
                  commit; a plain consumer reading the same records from the same broker: %s.
                - volume-watcher: a resync of %d volumes after it became the leader: %s (record timestamps, first to
                  last); a plain idempotent producer (acks=all, linger 5 ms) of as many records of the same size: %s.
                """.formatted(b3.ingest(), b3.plainConsumer(), b3.volumes(), b3.resync(), b3.plainProducer()));
    }

    private static void b4(Report report, Copies.B4 b4) {
        Copies.Variant cpa = b4.variants().stream().filter(v -> v.name().equals("cp -a")).findFirst().orElseThrow();
        Copies.Variant job = b4.variants().get(2);
        double ratio = job.seconds() / cpa.seconds();
        report.row("B4", "migration copy with checksum verification, " + b4.files() + " files, "
                + String.format("%.2f GB", b4.bytes() / 1e9), String.format("%.1f s", job.seconds()),
                String.format("%.1f s (cp -a)", cpa.seconds()), String.format("%.2fx", ratio), "within 1.2x of cp -a",
                ratio <= 1.2 && job.kept().values().stream().allMatch(Boolean::booleanValue));
        StringBuilder table = new StringBuilder("| copy | wall time | vs cp -a | CPU (user + system) |");
        List<String> props = new ArrayList<>(job.kept().keySet());
        props.forEach(p -> table.append(' ').append(p).append(" |"));
        table.append("\n|---|---|---|---|").append("---|".repeat(props.size())).append('\n');
        for (Copies.Variant v : b4.variants()) {
            table.append("| ").append(v.name()).append(" | ").append(String.format("%.1f s", v.seconds())).append(" | ")
                    .append(String.format("%.2fx", v.seconds() / cpa.seconds())).append(" | ")
                    .append(String.format("%.1f s", v.cpuSeconds())).append(" |");
            props.forEach(p -> table.append(Boolean.TRUE.equals(v.kept().get(p)) ? " yes |" : " **no** |"));
            table.append('\n');
        }
        report.section("B4 migration copy", """
                A generated tree: %d files, %.2f GB of data (small files of 200 B to 4 KB in nested directories, large files
                of random data, a sparse file, hard links, symlinks, setuid and 0600 modes, foreign owners, user xattrs, a
                sticky directory), copied on the same disk, one copy after the other (the source is in the page cache for
                all of them). What each kept is checked entry by entry. CPU is the user and system time of every process
                of the copy (bash's `time`): with %d cores, no copy takes less wall time than its CPU divided by %d.

                %s
                """.formatted(b4.files(), b4.bytes() / 1e9, Runtime.getRuntime().availableProcessors(),
                Runtime.getRuntime().availableProcessors(), table));
    }

    private static void b5(Report report, Map<String, Footprint.Sample> idle, Map<String, Footprint.Sample> holding,
            Footprint.Sample empty, int volumes) {
        long maxIdle = idle.values().stream().mapToLong(Footprint.Sample::rssBytes).max().orElse(0);
        double maxStart = idle.values().stream().mapToDouble(Footprint.Sample::startedSeconds).max().orElse(0);
        report.row("B5", "footprint: largest idle RSS, slowest start-up (JVM mode)", String.format("%d MiB, %.2f s",
                maxIdle >> 20, maxStart), String.format("%d MiB, %.2f s (empty Quarkus app)", empty.rssBytes() >> 20,
                empty.startedSeconds()), String.format("%.1fx RSS", (double) maxIdle / empty.rssBytes()),
                "RSS < 300 MB idle, start-up < 3 s", maxIdle < 300L * 1000 * 1000 && maxStart < 3);
        StringBuilder rows = new StringBuilder("| process | RSS idle | started in | RSS holding " + volumes + " volumes |\n|---|---|---|---|\n");
        for (var e : idle.entrySet()) {
            rows.append(String.format("| %s | %d MiB | %.2f s | %d MiB |%n", e.getKey(), e.getValue().rssBytes() >> 20,
                    e.getValue().startedSeconds(), holding.get(e.getKey()).rssBytes() >> 20));
        }
        rows.append(String.format("| empty Quarkus app (baseline) | %d MiB | %.2f s | - |%n", empty.rssBytes() >> 20,
                empty.startedSeconds()));
        report.section("B5 footprint", """
                Each service killed and started again on its own while the rest of the stack idles (JVM mode, as deploy/
                runs it: the JVM sized for the Deployment's 512 MiB limit, -XX:MaxRAM=512m -XX:MaxRAMPercentage=60, hence
                SerialGC and a 307 MB heap; the default JIT); "started in" is Quarkus' own figure, RSS is
                VmRSS once /q/health/ready answers, and again at the end of the run, when the API server holds the
                benchmark's volumes.

                %s
                """.formatted(rows));
    }

    private static String header(boolean smoke) throws IOException {
        String mem = Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("\\s+", " ");
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return """
                # Benchmarks%s

                Measured by the committed harness (`bench`, `./rwx bench`; CI runs `./rwx bench --smoke`-sized runs as
                `BenchSmokeTest`) on the local stack: a real Kafka broker (KRaft), the in-memory Kubernetes API server and
                node simulator, and the four services as separate processes. Every figure sits beside a baseline measured in
                the same run on the same machine: the machine is shared and noisy, so ratios count and absolute times are
                indicative.

                Machine: %d cores (`nproc`), %s, %s %s, load average %.1f at the start.
                Reproduce: `./rwx bench` (writes this file; the run's length is at the end), or one benchmark with
                `./rwx bench --only=B2` and smaller sizes with `-Drwx.bench.b2Volumes=300` (see `Bench.Sizes`).
                """.formatted(smoke ? " (smoke run: tiny sizes, not figures)" : "", Runtime.getRuntime().availableProcessors(), mem,
                System.getProperty("java.vm.name"), System.getProperty("java.version"), load);
    }
}
