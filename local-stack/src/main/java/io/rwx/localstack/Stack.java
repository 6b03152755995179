package io.rwx.localstack;

import io.rwx.events.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Starts and stops the local stack as separate processes: a Kafka broker (KRaft, from the Maven Central jars),
 * the cluster process (in-memory API server + node simulator), the four services from their packaged jars, and
 * Prometheus if it is installed. Every process logs to {@code <dir>/logs}; their pids are in {@code <dir>/pids}.
 */
public final class Stack implements DemoTarget, AutoCloseable {

    /**
     * Whether share-manager pods run as containers of the share-manager image, serving NFS on loopback ClusterIPs
     * ({@link DataPlane}): {@code AUTO} where a Docker Engine answers, the image is built and the NFS client is
     * installed; {@code ON} requires it (a stack that cannot have it does not start); {@code OFF} simulates them.
     */
    public enum DataPlaneMode {
        AUTO, ON, OFF;

        /** {@code RWX_DATA_PLANE=auto|on|off} (default auto), as {@code ./rwx up} and {@code ./rwx demo} read it. */
        public static DataPlaneMode fromEnv() {
            String v = System.getenv().getOrDefault("RWX_DATA_PLANE", "auto").trim().toUpperCase(java.util.Locale.ROOT);
            try {
                return valueOf(v);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("RWX_DATA_PLANE is auto, on or off, not " + v.toLowerCase(java.util.Locale.ROOT));
            }
        }
    }

    public static final List<String> SERVICES = List.of(
            "volume-watcher", "share-manager-controller", "failover-service", "migration-service");
    /** Environment of every service, over the stack's defaults (see {@link #start(Path, Path, PrintStream, Map)}). */
    private final Map<String, String> settings = new LinkedHashMap<>();

    /**
     * The JVM of a service as deploy/ runs it: a container with the 512 MiB memory limit of its Deployment (the JVM
     * sizes itself from it: SerialGC below 1,792 MB, the heap 60 % of it, as JAVA_OPTS in rwx-config says).
     */
    public static final List<String> PRODUCTION_JVM = List.of("-XX:MaxRAM=512m", "-XX:MaxRAMPercentage=60",
            "-XX:+ExitOnOutOfMemoryError");

    private static final String JUL = "-Djava.util.logging.manager=org.jboss.logmanager.LogManager";

    private final Path repo;
    private final Path dir;
    private final PrintStream out;
    private final List<Process> processes = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** How to start each named process again (the fault suite kills and restarts them). */
    private final Map<String, java.util.concurrent.Callable<Process>> launchers = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Process> named = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<String, String> urls = new LinkedHashMap<>();
    private final DataPlaneMode dataPlaneMode;
    /** The share-manager image the data plane runs, or null where share-manager pods are simulated. */
    private String dataPlaneImage;

    private Stack(Path repo, Path dir, PrintStream out, DataPlaneMode dataPlaneMode) {
        this.repo = repo;
        this.dir = dir;
        this.out = out;
        this.dataPlaneMode = dataPlaneMode;
    }

    /** Whether share-manager pods run as containers serving NFS (see {@link DataPlaneMode}). */
    public boolean dataPlane() {
        return dataPlaneImage != null;
    }

    public Path dir() {
        return dir;
    }

    @Override
    public Path kubeconfig() {
        return dir.resolve("kubeconfig");
    }

    @Override
    public String bootstrapServers() {
        return "127.0.0.1:" + ports.get("kafka");
    }

    @Override
    public String url(String service) {
        return urls.get(service);
    }

    @Override
    public String controlUrl() {
        return "http://127.0.0.1:" + ports.get("control");
    }

    @Override
    public String logs() {
        return dir.resolve("logs").toString();
    }

    public Path volumesDir() {
        return dir.resolve("volumes");
    }

    public List<Integer> ports() {
        return List.copyOf(ports.values());
    }

    /** The pid of a named process of the stack (kafka, a service), or -1 when it is not running. */
    public long pid(String name) {
        Process p = named.get(name);
        return p == null ? -1 : p.pid();
    }

    /**
     * CPU time (user + system, milliseconds) each named process of the stack (kafka, cluster, the services, the
     * console) has used so far, from {@code /proc/<pid>/stat}: what the benchmarks report a run's CPU with.
     */
    public Map<String, Long> cpuMillis() {
        Map<String, Long> cpu = new java.util.TreeMap<>();
        named.forEach((name, p) -> {
            long ms = cpuMillis(p.pid());
            if (ms >= 0) {
                cpu.put(name, ms);
            }
        });
        return cpu;
    }

    /** CPU time of a process in milliseconds, or -1 when it cannot be read. */
    public static long cpuMillis(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10; // utime, stime in 1/100 s (USER_HZ)
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    /** The log file of a named process. */
    public Path logOf(String name) {
        return log(name);
    }

    public List<Long> pids() {
        return processes.stream().map(Process::pid).toList();
    }

    /** Starts everything, share-manager pods simulated, and waits until every service is ready. */
    public static Stack start(Path repo, Path dir, PrintStream out) throws Exception {
        return start(repo, dir, out, Map.of());
    }

    /** As {@link #start(Path, Path, PrintStream, Map)}, share-manager pods simulated. */
    public static Stack start(Path repo, Path dir, PrintStream out, Map<String, String> settings) throws Exception {
        return start(repo, dir, out, settings, DataPlaneMode.OFF);
    }

    /**
     * Starts everything, the services with {@code settings} (environment variables, e.g.
     * {@code RWX_MIGRATION_BANDWIDTH_LIMIT}) on top of the stack's own, the data plane as {@code dataPlane} says, and
     * waits until every service is ready.
     */
    public static Stack start(Path repo, Path dir, PrintStream out, Map<String, String> settings,
            DataPlaneMode dataPlane) throws Exception {
        // the API server is in memory: the broker's data and the PVC directories start fresh with it
        deleteTree(dir);
        Files.createDirectories(dir.resolve("logs"));
        Stack stack = new Stack(repo, dir, out, dataPlane);
        stack.settings.putAll(settings);
        // whoever started it and is ended (Ctrl-C, SIGTERM) stops its processes too: none is left behind
        Runtime.getRuntime().addShutdownHook(stack.stopOnExit);
        try {
            stack.startAll();
            return stack;
        } catch (Exception e) {
            stack.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        for (String name : List.of("kafka", "kafka-controller", "api", "control")) {
            ports.put(name, freePort());
        }
        for (String s : SERVICES) {
            ports.put(s, freePort());
            urls.put(s, "http://127.0.0.1:" + ports.get(s));
        }
        String cp = classpath();
        long t0 = System.nanoTime();

        Path kafkaDir = dir.resolve("kafka");
        Path props = dir.resolve("kafka.properties");
        Files.writeString(props, String.join("\n",
                "process.roles=broker,controller", "node.id=1",
                "controller.quorum.voters=1@127.0.0.1:" + ports.get("kafka-controller"),
                "listeners=PLAINTEXT://127.0.0.1:" + ports.get("kafka") + ",CONTROLLER://127.0.0.1:" + ports.get("kafka-controller"),
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + ports.get("kafka"),
                "controller.listener.names=CONTROLLER", "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + kafkaDir, "num.partitions=3", "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3", "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1", "group.initial.rebalance.delay.ms=0",
                "auto.create.topics.enable=false") + "\n");
        if (!Files.exists(kafkaDir.resolve("meta.properties"))) {
            Process format = java(cp, List.of("-Xmx256m", JUL), "kafka.tools.StorageTool", List.of("format", "-t",
                    Uuid.randomUuid().toString(), "-c", props.toString()), "kafka-format", Map.of(), false);
            if (!format.waitFor(60, TimeUnit.SECONDS) || format.exitValue() != 0) {
                throw new IllegalStateException("formatting Kafka storage failed: see " + log("kafka-format"));
            }
        }
        launch("kafka", () -> java(cp, List.of("-Xmx512m", "-Dkafka.logs.dir=" + dir.resolve("logs"), JUL),
                "kafka.Kafka", List.of(props.toString()), "kafka", Map.of(), true));
        List<String> clusterJvm = new ArrayList<>(List.of("-Xmx512m", JUL));
        clusterJvm.addAll(dataPlaneProperties());
        if (Boolean.getBoolean("rwx.stack.jfr")) { // a profile of the API server and simulator too
            clusterJvm.add("-XX:StartFlightRecording=filename=" + dir.resolve("logs").resolve("cluster.jfr")
                    + ",settings=profile,dumponexit=true");
        }
        if (System.getProperty("rwx.api-audit.dir") != null) { // the services' requests, for the RBAC check
            clusterJvm.add("-Drwx.api-audit.dir=" + System.getProperty("rwx.api-audit.dir"));
        }
        launch("cluster", () -> java(cp, clusterJvm, ClusterMain.class.getName(), List.of(
                String.valueOf(ports.get("api")), String.valueOf(ports.get("control")), dir.toString()),
                "cluster", Map.of(), true));
        awaitPort("kafka", ports.get("kafka"), Duration.ofSeconds(90));
        awaitHttp("api", "http://127.0.0.1:" + ports.get("api") + "/version", Duration.ofSeconds(90));
        createTopics();
        out.printf("  kafka and the in-memory API server are up (%.1f s)%n", (System.nanoTime() - t0) / 1e9);

        for (String s : SERVICES) {
            Path jar = repo.resolve(s).resolve("target/quarkus-app/quarkus-run.jar");
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " is missing: build first (./mvnw -B -DskipTests package)");
            }
            Map<String, String> env = new LinkedHashMap<>();
            env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers());
            env.put("QUARKUS_KUBERNETES_CLIENT_API_SERVER_URL", "http://127.0.0.1:" + ports.get("api"));
            env.put("QUARKUS_KUBERNETES_CLIENT_TRUST_CERTS", "true");
            env.put("QUARKUS_HTTP_PORT", String.valueOf(ports.get(s)));
            env.put("QUARKUS_HTTP_HOST", "127.0.0.1"); // loopback only: nothing else on the network reaches the APIs
            // a demo wants quick reactions: shorter periods than the production defaults (the benchmarks run with
            // the production defaults: a 2 s full pass over 10,000 volumes would be most of what they measure)
            boolean production = Boolean.getBoolean("rwx.stack.production");
            if (!production) {
                env.put("RWX_WATCHER_RESYNC_PERIOD", "1m");
                env.put("RWX_WATCHER_LEASE_DURATION", "6s");
                env.put("RWX_WATCHER_RENEW_DEADLINE", "4s");
                env.put("RWX_WATCHER_RETRY_PERIOD", "1s");
                env.put("RWX_SHARE_MANAGER_RESYNC_INTERVAL", "2s");
                env.put("RWX_SHARE_MANAGER_BACKOFF_CAP", "10s");
                env.put("RWX_SHARE_MANAGER_STOP_DELAY", "3s");
            }
            // the replica's identity: the watcher's Lease holder, the static member of the consumer groups
            env.put("HOSTNAME", s + "-local");
            if (!production) {
                env.put("RWX_FAILOVER_RESYNC_INTERVAL", "1s");
                env.put("RWX_MIGRATION_PROGRESS_INTERVAL", "2s");
                env.put("RWX_MIGRATION_SUCCESS_TTL", "1m");
            }
            if (s.equals("share-manager-controller") && dataPlaneImage != null) {
                env.put("RWX_SHARE_MANAGER_IMAGE", dataPlaneImage); // what the kubelet runs for a share-manager pod
            }
            env.putAll(settings);
            // the local stack favours start-up (C1 only); the benchmarks run the services as production does
            List<String> jvm = new ArrayList<>(production ? PRODUCTION_JVM : List.of("-Xmx256m", "-XX:TieredStopAtLevel=1"));
            if (Boolean.getBoolean("rwx.stack.jfr")) { // a profile of each service, for the benchmarks' evidence
                jvm.add("-XX:StartFlightRecording=filename=" + dir.resolve("logs").resolve(s + ".jfr")
                        + ",settings=profile,dumponexit=true");
            }
            jvm.addAll(List.of("-jar", jar.toString()));
            launch(s, () -> java(null, jvm, null, List.of(), s, env, true));
        }
        for (String s : SERVICES) {
            awaitHttp(s, urls.get(s) + "/q/health/ready", Duration.ofSeconds(180));
        }
        awaitConsumerGroups(bootstrapServers(), Duration.ofSeconds(180), pending -> checkAlive("consumer groups " + pending));
        startConsole();
        startPrometheus();
        writeEnv();
        out.printf("  all services ready (%.1f s)%n", (System.nanoTime() - t0) / 1e9);
    }

    /**
     * The cluster process's data-plane properties ({@link DataPlane}), after checking what it needs: a Docker Engine,
     * the share-manager image of this version, the userspace NFS client. Says which it is, and why.
     */
    private List<String> dataPlaneProperties() throws IOException {
        String image = "rwx/share-manager:" + projectVersion(repo);
        String why = dataPlaneMode == DataPlaneMode.OFF ? "this stack runs without it" : DockerCli.unavailable(image);
        if (why == null && !NfsClient.installed()) {
            why = "the userspace NFS client is not installed (Debian: libnfs-utils)";
        }
        if (why != null && dataPlaneMode == DataPlaneMode.ON) {
            throw new IllegalStateException("share-manager pods as containers were asked for (RWX_DATA_PLANE=on), but "
                    + why);
        }
        if (why != null) {
            out.println("  share-manager pods are simulated (no NFS I/O): " + why);
            return List.of("-D" + DataPlane.OFF_REASON + "=" + why);
        }
        dataPlaneImage = image;
        String stackId = "rwx-" + Integer.toHexString(dir.toAbsolutePath().normalize().toString().hashCode());
        String prefix = "127.43." + (20 + Math.floorMod(stackId.hashCode(), 200)) + ".";
        out.println("  share-manager pods run as containers of " + image + ", serving NFS on ClusterIPs " + prefix + "10 and up");
        return List.of("-D" + DataPlane.IMAGE + "=" + image, "-D" + DataPlane.STACK_ID + "=" + stackId,
                "-D" + DataPlane.IP_PREFIX + "=" + prefix);
    }

    /** The project's version, from the repository's parent POM (what {@code ./rwx images} tags the images with). */
    static String projectVersion(Path repo) throws IOException {
        String pom = Files.readString(repo.resolve("pom.xml"));
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "<artifactId>rwx-parent</artifactId>\\s*(?:<[^>]+>[^<]*</[^>]+>\\s*)*?<version>([^<]+)</version>").matcher(pom);
        if (!m.find()) {
            throw new IllegalStateException("no version of rwx-parent in " + repo.resolve("pom.xml"));
        }
        return m.group(1).trim();
    }

    /** The operator console, where it is built (it reads the topics and the services' APIs; it writes nothing). */
    private void startConsole() throws Exception {
        Path jar = repo.resolve("console/target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            return;
        }
        ports.put("console", freePort());
        urls.put("console", "http://127.0.0.1:" + ports.get("console"));
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers());
        env.put("RWX_SHARE_MANAGER_CONTROLLER_URL", urls.get("share-manager-controller"));
        env.put("RWX_MIGRATION_SERVICE_URL", urls.get("migration-service"));
        env.put("QUARKUS_HTTP_PORT", String.valueOf(ports.get("console")));
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        launch("console", () -> java(null, List.of("-Xmx192m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()), null,
                List.of(), "console", env, true));
        awaitHttp("console", urls.get("console") + "/q/health/ready", Duration.ofSeconds(120));
    }

    private void launch(String name, Callable<Process> launcher) throws Exception {
        launchers.put(name, launcher);
        named.put(name, launcher.call());
    }

    /** Kills a process of the stack with SIGKILL, as a crashed node or an OOM kill would (the fault suite). */
    public void kill(String name) throws InterruptedException {
        Process p = named.remove(name);
        if (p == null) {
            throw new IllegalArgumentException("no running process " + name);
        }
        processes.remove(p);
        p.destroyForcibly();
        p.waitFor();
    }

    /** Starts a killed process again and waits until it is ready (a service: ready and holding its partitions). */
    public void restart(String name) throws Exception {
        if (named.containsKey(name)) {
            throw new IllegalStateException(name + " is running");
        }
        named.put(name, launchers.get(name).call());
        if (name.equals("kafka")) {
            awaitPort("kafka", ports.get("kafka"), Duration.ofSeconds(90));
        } else {
            awaitHttp(name, urls.get(name) + "/q/health/ready", Duration.ofSeconds(120));
        }
    }

    private void createTopics() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            List<NewTopic> topics = new ArrayList<>();
            for (Topic t : Topic.values()) {
                topics.add(new NewTopic(t.defaultName(), 3, (short) 1));
                topics.add(new NewTopic(t.defaultDlqName(), 1, (short) 1));
            }
            for (var f : admin.createTopics(topics).values().values()) {
                try {
                    f.get(60, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                        throw e;
                    }
                }
            }
        }
    }

    /** Consumer groups of the services: ready means they hold their partitions, so events are acted on at once. */
    static final List<String> CONSUMER_GROUPS = List.of(
            "failover-service.share-managers", "failover-service.nodes", "failover-service.volumes",
            "share-manager-controller.volumes", "share-manager-controller.share-managers", "share-manager-controller.nodes",
            "migration-service");

    /** Waits until every group of {@link #CONSUMER_GROUPS} is stable and holds partitions; {@code check} may fail fast. */
    static void awaitConsumerGroups(String bootstrapServers, Duration timeout,
            java.util.function.Consumer<List<String>> check) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) {
                var groups = admin.describeConsumerGroups(CONSUMER_GROUPS).all().get(30, TimeUnit.SECONDS);
                List<String> pending = groups.values().stream()
                        .filter(g -> g.groupState() != org.apache.kafka.common.GroupState.STABLE || g.members().isEmpty()
                                || g.members().stream().allMatch(m -> m.assignment().topicPartitions().isEmpty()))
                        .map(org.apache.kafka.clients.admin.ConsumerGroupDescription::groupId).toList();
                if (pending.isEmpty()) {
                    return;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("consumer groups without partitions after " + timeout + ": " + pending);
                }
                check.accept(pending);
                TimeUnit.MILLISECONDS.sleep(500);
            }
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    private void startPrometheus() throws IOException {
        String prometheus = which("prometheus");
        if (prometheus == null) {
            return;
        }
        ports.put("prometheus", freePort());
        // the project's alert rules, as docker-compose's and the Operator's Prometheus load them
        StringBuilder cfg = new StringBuilder("global:\n  scrape_interval: 5s\n  evaluation_interval: 5s\nrule_files:\n- '"
                + repo.resolve("monitoring/prometheus-rules.yaml") + "'\nscrape_configs:\n");
        for (String s : SERVICES) {
            cfg.append("- job_name: ").append(s).append("\n  metrics_path: /q/metrics\n  static_configs:\n  - targets: ['127.0.0.1:")
                    .append(ports.get(s)).append("']\n");
        }
        Path file = dir.resolve("prometheus.yml");
        Files.writeString(file, cfg);
        start(new ProcessBuilder(prometheus, "--config.file=" + file, "--storage.tsdb.path=" + dir.resolve("prometheus"),
                "--web.listen-address=127.0.0.1:" + ports.get("prometheus")), "prometheus");
        urls.put("prometheus", "http://127.0.0.1:" + ports.get("prometheus"));
    }

    private void writeEnv() throws IOException {
        StringBuilder env = new StringBuilder("# source this file: the local stack's addresses\n");
        env.append("export KAFKA_BOOTSTRAP_SERVERS=").append(bootstrapServers()).append('\n');
        env.append("export KUBECONFIG=").append(kubeconfig()).append('\n');
        env.append("export RWX_SIMULATOR_URL=").append(controlUrl()).append('\n');
        for (var e : urls.entrySet()) {
            env.append("export RWX_").append(e.getKey().toUpperCase().replace('-', '_')).append("_URL=")
                    .append(e.getValue()).append('\n');
        }
        env.append("export RWX_VOLUMES_DIR=").append(volumesDir()).append('\n');
        env.append("# a bearer token for the HTTP APIs (a local user allowed everything; RWX_VIEWER_TOKEN may only read)\n");
        env.append("export RWX_TOKEN=").append(ClusterMain.ADMIN_TOKEN).append('\n');
        env.append("export RWX_VIEWER_TOKEN=").append(ClusterMain.VIEWER_TOKEN).append('\n');
        Files.writeString(dir.resolve("env"), env);
        Files.writeString(dir.resolve("pids"), pids().stream().map(String::valueOf).collect(Collectors.joining("\n")) + "\n");
    }

    /** What is where, for people. */
    public String describe() {
        StringBuilder b = new StringBuilder();
        b.append("  Kafka bootstrap      ").append(bootstrapServers()).append('\n');
        b.append("  kubeconfig           ").append(kubeconfig()).append("  (kubectl --kubeconfig ... get pods -A)\n");
        b.append("  simulator control    ").append(controlUrl()).append('\n');
        urls.forEach((k, v) -> b.append(String.format("  %-20s %s%n", k, v)));
        b.append("  PVC data directories ").append(volumesDir()).append('\n');
        b.append("  share-manager pods   ").append(dataPlane() ? "containers of " + dataPlaneImage
                + " (nfs://<ClusterIP>/<volume> answers here; ./rwx ctl volumes lists the endpoints)" : "simulated")
                .append('\n');
        b.append("  API token            ").append(ClusterMain.ADMIN_TOKEN).append("  (curl -H \"Authorization: Bearer $RWX_TOKEN\" ...)\n");
        b.append("  logs                 ").append(dir.resolve("logs")).append('\n');
        b.append("  env file             ").append(dir.resolve("env")).append("  (source it)\n");
        return b.toString();
    }

    private String classpath() throws IOException {
        Path file = repo.resolve("local-stack/target/classpath.txt");
        return repo.resolve("local-stack/target/classes") + java.io.File.pathSeparator + Files.readString(file).trim();
    }

    private Process java(String cp, List<String> jvmArgs, String main, List<String> args, String name,
            Map<String, String> env, boolean keep) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(jvmArgs);
        if (cp != null) {
            cmd.add("-cp");
            cmd.add(cp);
        }
        if (main != null) {
            cmd.add(main);
        }
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().putAll(env);
        return keep ? start(pb, name) : pb.redirectErrorStream(true).redirectOutput(log(name).toFile()).start();
    }

    private Process start(ProcessBuilder pb, String name) throws IOException {
        // appended: a restarted process continues its log
        Process p = pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log(name).toFile())).start();
        processes.add(p);
        return p;
    }

    private Path log(String name) {
        return dir.resolve("logs").resolve(name + ".log");
    }

    private void awaitPort(String what, int port, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException e) {
                checkAlive(what);
                TimeUnit.MILLISECONDS.sleep(200);
            }
        }
        throw new IllegalStateException(what + " did not open port " + port + " in " + timeout + ": see " + log(what));
    }

    private void awaitHttp(String what, String url, Duration timeout) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            checkAlive(what);
            TimeUnit.MILLISECONDS.sleep(300);
        }
        throw new IllegalStateException(what + " not ready at " + url + " in " + timeout + ": see " + log(what));
    }

    private void checkAlive(String what) {
        for (Process p : processes) {
            if (!p.isAlive()) {
                throw new IllegalStateException("a stack process (pid " + p.pid() + ") exited with " + p.exitValue()
                        + " while waiting for " + what + ": see " + dir.resolve("logs"));
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    static String which(String command) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(d, command);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    private final Thread stopOnExit = new Thread(this::close, "stack-stop-on-exit");
    private final java.util.concurrent.atomic.AtomicBoolean closed = new java.util.concurrent.atomic.AtomicBoolean();

    /** Stops every process (TERM, then KILL after 20 s) and checks that no port stays bound; once. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (Thread.currentThread() != stopOnExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException e) {
                // the JVM is shutting down: the hook runs (or ran) this
            }
        }
        stopPids(pids());
        processes.clear();
        for (var e : ports.entrySet()) {
            if (!free(e.getValue())) {
                out.println("  warning: port " + e.getValue() + " (" + e.getKey() + ") is still bound");
            }
        }
    }

    public static void stopPids(List<Long> pids) {
        List<ProcessHandle> handles = pids.stream().map(ProcessHandle::of).flatMap(java.util.Optional::stream).toList();
        handles.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (ProcessHandle h : handles) {
            try {
                h.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
    }

    static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

}
