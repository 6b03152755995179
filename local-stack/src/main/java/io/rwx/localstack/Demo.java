package io.rwx.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rwx.events.CloudEvent;
import io.rwx.events.EventIds;
import io.rwx.events.EventType;
import io.rwx.events.Topic;
import io.rwx.events.failover.FailoverCompleted;
import io.rwx.events.node.NodeFailed;
import io.rwx.events.node.NodeFailureReason;
import io.rwx.testing.kafka.EventTestClient;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * The story of the system, played as a user would: kubectl against the API server, the services' REST APIs, a
 * Kafka producer for an external system's event, and the simulator's control endpoint where a cluster would fail
 * by itself. Every step states what it expects; {@link #run()} is true only if every expectation held.
 */
public final class Demo {

    static final Duration WAIT = Duration.ofSeconds(90);
    static final String NS = "demo";
    static final String SYS = "longhorn-system";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DemoTarget stack;
    private final PrintStream out;
    private final HttpClient http = HttpClient.newHttpClient();
    private final long t0 = System.nanoTime();
    private EventTestClient kafka;
    private String volume;

    public Demo(DemoTarget stack, PrintStream out) {
        this.stack = stack;
        this.out = out;
    }

    /** Plays the story; stops at the first expectation that does not hold. */
    public boolean run() {
        kafka = new EventTestClient(stack.bootstrapServers(),
                Arrays.stream(Topic.values()).map(Topic::defaultName).toList());
        try {
            return step(1, "an RWX PVC and a 3-replica Deployment get a share-manager, a Service and an endpoint", this::sharedVolume)
                    && step(2, "a failed share-manager is replaced and the workloads are restarted; a bare pod only gets a warning", this::failover)
                    && step(3, "with auto-delete off, a failure deletes no workload pod and warns about I/O errors", this::failoverDisabled)
                    && step(4, "a node failure reported from outside (node.failed on Kafka) fails the share-manager over", this::nodeFailure)
                    && step(5, "access modes: refused for a bound volume; a manual volume changes while detached, its PV/PVC follow", this::accessModes)
                    && step(6, "a mount failure without the NFS helper warns naming the node and the package", this::nfsClientMissing)
                    && step(7, "an old NFS PVC is migrated into a new RWX PVC, verified, with owners and links kept", this::migration)
                    && step(8, "the APIs act only for callers who could act themselves; data in use is never overwritten", this::access);
        } finally {
            kafka.close();
        }
    }

    private boolean step(int n, String title, Callable<String> body) {
        long start = System.nanoTime();
        out.printf("[%6.1fs] step %d: %s%n", since(t0), n, title);
        try {
            String result = body.call();
            out.printf("[%6.1fs]   ok (%.1f s): %s%n", since(t0), since(start), result);
            return true;
        } catch (ConditionTimeoutException e) {
            out.printf("[%6.1fs]   FAILED (%.1f s): timed out: %s%n         logs: %s%n", since(t0), since(start),
                    e.getMessage(), stack.logs());
        } catch (Exception | AssertionError e) {
            out.printf("[%6.1fs]   FAILED (%.1f s): %s%n         logs: %s%n", since(t0), since(start), e,
                    stack.logs());
        }
        return false;
    }

    // --- the story -------------------------------------------------------------------------------------------

    private String sharedVolume() throws Exception {
        // manifests, not generator commands: the in-memory API server speaks JSON, not protobuf
        kubectl("""
                apiVersion: v1
                kind: Namespace
                metadata: {name: demo}
                ---
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: shared-data, namespace: demo}
                spec:
                  accessModes: [ReadWriteMany]
                  storageClassName: longhorn
                  resources: {requests: {storage: 1Gi}}
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web, namespace: demo}
                spec:
                  replicas: 3
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                      - name: nginx
                        image: nginx:1.27
                        volumeMounts: [{name: data, mountPath: /usr/share/nginx/html}]
                      volumes:
                      - name: data
                        persistentVolumeClaim: {claimName: shared-data}
                """, "create", "--validate=false", "-f", "-");
        volume = await("the PVC is bound", () -> text(get("pvc", NS, "shared-data"), "/spec/volumeName"));
        await("3 web pods Running", () -> runningPods("app=web").size() == 3 ? "" : null);
        JsonNode sm = await("ShareManager " + volume + " running", () -> {
            JsonNode s = get("sharemanagers.longhorn.io", SYS, volume);
            return "running".equals(text(s, "/status/state")) ? s : null;
        });
        JsonNode svc = get("service", SYS, volume);
        String ip = text(svc, "/spec/clusterIP");
        String endpoint = "nfs://" + ip + "/" + volume;
        expect(endpoint.equals(text(sm, "/status/endpoint")), "ShareManager endpoint is " + endpoint);
        expect(get("pod", SYS, "share-manager-" + volume) != null, "pod share-manager-" + volume + " exists");
        expect("nfs".equals(text(svc, "/spec/ports/0/name")) && "2049".equals(text(svc, "/spec/ports/0/port")),
                "Service port nfs 2049");
        JsonNode v = await("the volume API shows the endpoint", () -> {
            JsonNode j = rest("GET", stack.url("share-manager-controller") + "/volumes/" + volume, null);
            return endpoint.equals(text(j, "/shareEndpoint")) ? j : null;
        });
        expect("rwx".equals(text(v, "/accessMode")), "volume access mode is rwx");
        return "volume " + volume + " shared at " + endpoint + " by pod share-manager-" + volume;
    }

    private String failover() throws Exception {
        kubectl(bareReader("debug-shell"), "create", "--validate=false", "-f", "-");
        JsonNode bare = await("bare pod Running", () -> running(get("pod", NS, "debug-shell")));
        Instant bareStart = Instant.parse(text(bare, "/status/startTime"));
        await("a second past the bare pod's start", () -> Instant.now().isAfter(bareStart.plusSeconds(1)) ? "" : null);
        JsonNode svcBefore = get("service", SYS, volume);
        Set<String> webBefore = uids(runningPods("app=web"));
        String failedUid = text(get("pod", SYS, "share-manager-" + volume), "/metadata/uid");
        long writesBefore = stampWrites(volume);
        // where share-managers run for real, NFS clients write through the endpoint across the failover
        DataPlaneStory io = DataPlaneStory.enabled(stack.controlUrl()) ? new DataPlaneStory(stack.controlUrl(), volume,
                "nfs://" + text(svcBefore, "/spec/clusterIP") + "/" + volume) : null;
        try {
            if (io != null) {
                Set<String> writers = names(runningPods("app=web"));
                writers.add("debug-shell");
                out.printf("[%6.1fs]   %s%n", since(t0), io.before(writers));
            } else {
                out.printf("[%6.1fs]   (share-manager pods are simulated here: no NFS I/O, see GET %s/dataplane)%n",
                        since(t0), stack.controlUrl());
            }
            return failover(bare, svcBefore, webBefore, failedUid, writesBefore, io);
        } finally {
            if (io != null) {
                io.close();
            }
        }
    }

    private String failover(JsonNode bare, JsonNode svcBefore, Set<String> webBefore, String failedUid, long writesBefore,
            DataPlaneStory io) throws Exception {
        control("/pods/" + SYS + "/share-manager-" + volume + "/fail");
        if (io != null) {
            io.failed(); // its container is killed by now
        }

        CloudEvent<?> completed = kafka.await(EventType.FAILOVER_COMPLETED, e -> e.subject().equals(volume)
                && e.dataAs(FailoverCompleted.class).episode().equals(failedUid), WAIT);
        expectOneStamp(failedUid, writesBefore);
        FailoverCompleted done = completed.dataAs(FailoverCompleted.class);
        expect(done.podsDeleted() == 3 && done.podsNeedingRestart() == 1,
                "3 workload pods deleted and 1 bare pod warned, reported " + done.podsDeleted() + " and "
                        + done.podsNeedingRestart());
        String stamp = text(get("volumes.longhorn.io", SYS, volume), "/status/remountRequestedAt");
        expect(stamp != null, "status.remountRequestedAt is set");
        JsonNode newSm = get("pod", SYS, "share-manager-" + volume);
        expect(!failedUid.equals(text(newSm, "/metadata/uid")), "the share-manager pod was recreated");
        JsonNode svcAfter = get("service", SYS, volume);
        expect(text(svcBefore, "/metadata/uid").equals(text(svcAfter, "/metadata/uid"))
                && text(svcBefore, "/spec/clusterIP").equals(text(svcAfter, "/spec/clusterIP")),
                "Service and ClusterIP unchanged");
        List<JsonNode> restarted = await("3 new web pods Running", () -> {
            List<JsonNode> now = runningPods("app=web");
            return now.size() == 3 && uids(now).stream().noneMatch(webBefore::contains) ? now : null;
        });
        expect(text(get("pod", NS, "debug-shell"), "/metadata/uid").equals(text(bare, "/metadata/uid")),
                "the bare pod was left alone");
        await("a warning on the bare pod", () -> events(NS).stream().anyMatch(e -> "RemountRequired".equals(text(e, "/reason"))
                && "debug-shell".equals(text(e, "/involvedObject/name"))) ? "" : null);
        if (io != null) {
            out.printf("[%6.1fs]   %s%n", since(t0), io.after(names(restarted), done.timeline()));
        }
        return "remountRequestedAt=" + stamp + ", " + done.podsDeleted() + " workload pods deleted and recreated, "
                + done.podsNeedingRestart() + " warned; timeline " + done.timeline();
    }

    private static Set<String> names(List<JsonNode> pods) {
        return pods.stream().map(p -> text(p, "/metadata/name")).collect(Collectors.toCollection(java.util.TreeSet::new));
    }

    private String failoverDisabled() throws Exception {
        setting("auto-delete-pod-when-volume-detached-unexpectedly", "false");
        Set<String> webBefore = uids(runningPods("app=web"));
        String failedUid = text(get("pod", SYS, "share-manager-" + volume), "/metadata/uid");
        long writesBefore = stampWrites(volume);
        control("/pods/" + SYS + "/share-manager-" + volume + "/fail");
        CloudEvent<?> completed = kafka.await(EventType.FAILOVER_COMPLETED, e -> e.subject().equals(volume)
                && e.dataAs(FailoverCompleted.class).episode().equals(failedUid), WAIT);
        expectOneStamp(failedUid, writesBefore);
        expect(!completed.dataAs(FailoverCompleted.class).autoDelete(), "the episode ran with auto-delete off");
        expect(completed.dataAs(FailoverCompleted.class).podsDeleted() == 0, "no workload pod deleted");
        expect(uids(runningPods("app=web")).equals(webBefore), "the web pods are the same pods");
        JsonNode warning = await("a warning on the PVC", () -> events(NS).stream()
                .filter(e -> "WorkloadsMayFail".equals(text(e, "/reason"))).findFirst().orElse(null));
        expect(text(warning, "/message").contains("I/O errors"), "the warning says workloads may see I/O errors");
        setting("auto-delete-pod-when-volume-detached-unexpectedly", "true");
        await("share-manager running again", () -> "running".equals(text(get("sharemanagers.longhorn.io", SYS, volume),
                "/status/state")) ? "" : null);
        return "PVC warning: " + text(warning, "/message");
    }

    private String nodeFailure() throws Exception {
        JsonNode sm = get("pod", SYS, "share-manager-" + volume);
        String node = text(sm, "/spec/nodeName");
        String uid = text(sm, "/metadata/uid");
        String stampBefore = text(get("volumes.longhorn.io", SYS, volume), "/status/remountRequestedAt");
        long writesBefore = stampWrites(volume);
        control("/nodes/" + node + "/fail");
        try {
            kafka.publish(CloudEvent.of(EventIds.random(), "//demo/infrastructure-monitoring", Instant.now(),
                    new NodeFailed(node, NodeFailureReason.EXTERNAL, "rack power loss reported by the PDU")));
            kafka.await(EventType.FAILOVER_COMPLETED, e -> e.subject().equals(volume)
                    && e.dataAs(FailoverCompleted.class).episode().equals(uid), WAIT);
            expectOneStamp(uid, writesBefore);
            JsonNode moved = await("share-manager running on another node", () -> {
                JsonNode p = get("pod", SYS, "share-manager-" + volume);
                return p != null && !node.equals(text(p, "/spec/nodeName")) && running(p) != null ? p : null;
            });
            String stamp = text(get("volumes.longhorn.io", SYS, volume), "/status/remountRequestedAt");
            expect(!stamp.equals(stampBefore), "a new remount was requested");
            return "node " + node + " failed; share-manager moved to " + text(moved, "/spec/nodeName")
                    + ", remountRequestedAt=" + stamp;
        } finally {
            control("/nodes/" + node + "/recover");
        }
    }

    private String accessModes() throws Exception {
        String smc = stack.url("share-manager-controller");
        HttpResponse<String> refused = call("PUT", smc + "/volumes/" + volume + "/accessMode", "{\"accessMode\":\"rwo\"}");
        expect(refused.statusCode() == 409 && refused.body().contains(NS + "/shared-data"),
                "changing a bound volume is refused naming its PVC (" + refused.statusCode() + " " + refused.body() + ")");
        HttpResponse<String> created = call("POST", smc + "/volumes",
                "{\"name\":\"restored-1\",\"size\":\"1Gi\",\"accessMode\":\"rwo\"}");
        expect(created.statusCode() == 201, "a manual volume is created (" + created.body() + ")");
        await("restored-1 detached", () -> "detached".equals(text(get("volumes.longhorn.io", SYS, "restored-1"),
                "/status/state")) ? "" : null);
        HttpResponse<String> changed = call("PUT", smc + "/volumes/restored-1/accessMode", "{\"accessMode\":\"rwx\"}");
        expect(changed.statusCode() == 200, "its access mode changes while detached (" + changed.body() + ")");
        HttpResponse<String> claim = call("POST", smc + "/volumes/restored-1/pvc",
                "{\"namespace\":\"demo\",\"pvcName\":\"restored\"}");
        expect(claim.statusCode() == 201, "a PV and PVC are created for it (" + claim.body() + ")");
        String pvcMode = text(get("pvc", NS, "restored"), "/spec/accessModes/0");
        String pvMode = text(get("pv", null, "restored-1"), "/spec/accessModes/0");
        expect("ReadWriteMany".equals(pvcMode) && "ReadWriteMany".equals(pvMode), "PV and PVC are ReadWriteMany");
        return "409 for the bound volume; restored-1 rwo -> rwx, PV/PVC " + pvMode;
    }

    private String nfsClientMissing() throws Exception {
        kubectl(bareReader("reader"), "create", "--validate=false", "-f", "-");
        JsonNode reader = await("reader pod scheduled", () -> running(get("pod", NS, "reader")));
        String node = text(reader, "/spec/nodeName");
        control("/pods/" + NS + "/reader/mount-failure");
        JsonNode warning = await("a warning on node " + node, () -> events(null).stream()
                .filter(e -> "NFSClientMissing".equals(text(e, "/reason")) && "Node".equals(text(e, "/involvedObject/kind"))
                        && node.equals(text(e, "/involvedObject/name"))).findFirst().orElse(null));
        expect(text(warning, "/message").contains("nfs-common"), "the warning names the package");
        return text(warning, "/message");
    }

    private String migration() throws Exception {
        kubectl("""
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: legacy-data, namespace: demo}
                spec:
                  accessModes: [ReadWriteMany]
                  storageClassName: nfs-legacy
                  resources: {requests: {storage: 1Gi}}
                ---
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: new-data, namespace: demo}
                spec:
                  accessModes: [ReadWriteMany]
                  storageClassName: longhorn
                  resources: {requests: {storage: 2Gi}}
                """, "create", "--validate=false", "-f", "-");
        await("both PVCs bound", () -> text(get("pvc", NS, "legacy-data"), "/spec/volumeName") != null
                && text(get("pvc", NS, "new-data"), "/spec/volumeName") != null ? "" : null);
        control("/volumes/demo/legacy-data/seed");
        HttpResponse<String> accepted = call("POST", stack.url("migration-service") + "/migrations", """
                {"namespace":"demo","sourcePvc":"legacy-data","targetPvc":"new-data","options":{"verify":"checksum"}}""");
        expect(accepted.statusCode() == 202, "the migration is accepted (" + accepted.body() + ")");
        String id = JSON.readTree(accepted.body()).path("id").asText();
        JsonNode done = await("migration " + id + " succeeded", () -> {
            JsonNode m = rest("GET", stack.url("migration-service") + "/migrations/" + id, null);
            String state = text(m, "/state");
            if ("FAILED".equals(state)) {
                throw new AssertionError("migration failed: " + m);
            }
            return "SUCCEEDED".equals(state) ? m : null;
        });
        kafka.await(EventType.MIGRATION_SUCCEEDED, e -> e.subject().equals(NS + "/new-data"), WAIT);
        List<String> source = tree("legacy-data");
        List<String> target = tree("new-data");
        expect(target.stream().noneMatch(l -> l.startsWith("legacy-data")), "the contents were copied, not the directory");
        expect(source.equals(target), "the same tree (path type mode owner links link-group content):\n  "
                + String.join("\n  ", source) + "\nvs\n  " + String.join("\n  ", target));
        expect(target.stream().anyMatch(l -> l.startsWith("site/index.html ") && l.contains(" 2 site/index-hardlink.html ")),
                "the hard link is kept");
        return "migration " + id + ": " + done.path("summary") + "; trees equal in content, modes, owners, links";
    }

    private String access() throws Exception {
        String migrations = stack.url("migration-service") + "/migrations";
        String request = """
                {"namespace":"demo","sourcePvc":"legacy-data","targetPvc":"shared-data","options":{"overwrite":true,"force":true}}""";
        HttpResponse<String> anonymous = callAs(null, "POST", migrations, request);
        expect(anonymous.statusCode() == 401, "an anonymous request gets 401 (" + anonymous.body() + ")");
        long jobsBefore = jobs();
        HttpResponse<String> viewer = callAs(ClusterMain.VIEWER_TOKEN, "POST", migrations, request);
        expect(viewer.statusCode() == 403 && viewer.body().contains("persistentvolumeclaims"),
                "a viewer's migration gets 403 naming the permission (" + viewer.body() + ")");
        HttpResponse<String> viewerRead = callAs(ClusterMain.VIEWER_TOKEN, "GET", stack.url("share-manager-controller")
                + "/volumes/" + volume, null);
        expect(viewerRead.statusCode() == 200, "the viewer may read a volume (" + viewerRead.statusCode() + ")");
        List<String> before = stable(tree("shared-data"));
        HttpResponse<String> live = call("POST", migrations, request);
        expect(live.statusCode() == 409 && live.body().contains("target-in-use"),
                "a migration into a PVC mounted by running pods is refused, overwrite and force notwithstanding ("
                        + live.body() + ")");
        expect(jobs() == jobsBefore, "no Job was created for the refused requests");
        expect(stable(tree("shared-data")).equals(before), "the live PVC's files are untouched");
        return "401 anonymous, 403 for " + ClusterMain.VIEWER_USER + " (" + JSON.readTree(viewer.body()).path("missing")
                .asText() + "), 409 target-in-use; " + before.size() + " entries of shared-data unchanged";
    }

    private long jobs() throws Exception {
        return JSON.readTree(kubectl(null, "get", "jobs", "-n", NS, "-o", "json")).path("items").size();
    }

    // --- helpers --------------------------------------------------------------------------------------------

    /** failover-service's writes of the volume's status so far (its only status field: the stamp). */
    private long stampWrites(String volume) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(stack.controlUrl() + "/requests"))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        return r.body().lines().filter(l -> !l.isBlank()).map(l -> {
            try {
                return JSON.readTree(l);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).filter(j -> "PATCH".equals(j.path("method").asText())
                && j.path("path").asText().endsWith("/volumes/" + volume + "/status")
                && j.path("userAgent").asText().startsWith("rwx-failover-service/")).count();
    }

    /** One episode: exactly one stamp write and one remount-requested event since {@code writesBefore}. */
    private void expectOneStamp(String episode, long writesBefore) throws Exception {
        kafka.await(EventType.FAILOVER_REMOUNT_REQUESTED, e -> e.subject().equals(volume)
                && e.dataAs(io.rwx.events.failover.RemountRequested.class).episode().equals(episode), WAIT);
        long requests = kafka.events(EventType.FAILOVER_REMOUNT_REQUESTED).stream()
                .filter(e -> e.dataAs(io.rwx.events.failover.RemountRequested.class).episode().equals(episode)).count();
        long writes = stampWrites(volume) - writesBefore;
        expect(requests == 1 && writes == 1, "one stamp per episode: " + writes + " stamp write(s) and " + requests
                + " remount-requested event(s) for episode " + episode);
    }

    private static String bareReader(String name) {
        return """
                apiVersion: v1
                kind: Pod
                metadata: {name: %s, namespace: demo}
                spec:
                  containers:
                  - name: shell
                    image: busybox:1.36
                    command: [sleep, infinity]
                    volumeMounts: [{name: data, mountPath: /data}]
                  volumes:
                  - name: data
                    persistentVolumeClaim: {claimName: shared-data}
                """.formatted(name);
    }

    /**
     * A tree without the files that running clients keep adding (the workloads' {@code io-*} and the demo client's
     * {@code demo-client-*}, where share-managers run for real): what was there must stay as it was.
     */
    private static List<String> stable(List<String> tree) {
        return tree.stream().filter(l -> !l.startsWith("io-") && !l.startsWith("demo-client-")).toList();
    }

    /** The volume of a demo PVC, listed by the storage layer ({@link VolumeTrees#list}). */
    private List<String> tree(String claim) throws Exception {
        HttpResponse<String> r = call("GET", stack.controlUrl() + "/volumes/" + NS + "/" + claim + "/tree", null);
        expect(r.statusCode() == 200, "the volume of " + claim + " is listed: " + r.body());
        return r.body().lines().filter(l -> !l.isBlank()).toList();
    }

    private void setting(String key, String value) throws Exception {
        kubectl(null, "patch", "settings.longhorn.io", key, "-n", SYS, "--type", "merge", "-p",
                "{\"value\":\"" + value + "\"}");
    }

    private List<JsonNode> runningPods(String selector) throws Exception {
        List<JsonNode> pods = new ArrayList<>();
        JsonNode list = JSON.readTree(kubectl(null, "get", "pods", "-n", NS, "-l", selector, "-o", "json"));
        list.path("items").forEach(p -> {
            if (running(p) != null && p.path("metadata").path("deletionTimestamp").isMissingNode()) {
                pods.add(p);
            }
        });
        return pods;
    }

    private static JsonNode running(JsonNode pod) {
        return pod != null && "Running".equals(text(pod, "/status/phase")) ? pod : null;
    }

    private static Set<String> uids(List<JsonNode> pods) {
        return pods.stream().map(p -> text(p, "/metadata/uid")).collect(Collectors.toSet());
    }

    private List<JsonNode> events(String namespace) throws Exception {
        List<JsonNode> events = new ArrayList<>();
        String out = namespace == null ? kubectl(null, "get", "events", "-A", "-o", "json")
                : kubectl(null, "get", "events", "-n", namespace, "-o", "json");
        JSON.readTree(out).path("items").forEach(events::add);
        return events;
    }

    /** {@code kubectl get <kind> <name> -o json}, or null when it does not exist. */
    private JsonNode get(String kind, String namespace, String name) throws Exception {
        List<String> args = new ArrayList<>(List.of("get", kind, name, "-o", "json", "--ignore-not-found"));
        if (namespace != null) {
            args.add("-n");
            args.add(namespace);
        }
        String out = kubectl(null, args.toArray(String[]::new));
        return out.isBlank() ? null : JSON.readTree(out);
    }

    private String kubectl(String stdin, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", stack.kubeconfig().toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("kubectl " + String.join(" ", args) + " failed: " + err.trim());
        }
        return out;
    }

    private void control(String path) throws Exception {
        HttpResponse<String> r = call("POST", stack.controlUrl() + path, "");
        expect(r.statusCode() == 200, "simulator " + path + ": " + r.body());
    }

    private JsonNode rest(String method, String url, String body) throws Exception {
        HttpResponse<String> r = call(method, url, body);
        return r.statusCode() / 100 == 2 ? JSON.readTree(r.body()) : null;
    }

    /** A call as the local operator (allowed everything), as a user of the APIs makes it: with a bearer token. */
    private HttpResponse<String> call(String method, String url, String body) throws Exception {
        return callAs(ClusterMain.ADMIN_TOKEN, method, url, body);
    }

    /** A call with {@code token} (null: anonymous). */
    private HttpResponse<String> callAs(String token, String method, String url, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String text(JsonNode node, String pointer) {
        if (node == null) {
            return null;
        }
        JsonNode n = node.at(pointer);
        return n.isMissingNode() || n.isNull() ? null : n.asText();
    }

    private <T> T await(String what, Callable<T> probe) {
        return Awaitility.await(what).atMost(WAIT).pollInterval(Duration.ofMillis(300)).ignoreExceptionsMatching(
                e -> e instanceof IllegalStateException || e instanceof IOException).until(probe, v -> v != null);
    }

    private static void expect(boolean condition, String expectation) {
        if (!condition) {
            throw new AssertionError("expected: " + expectation);
        }
    }

    private static double since(long start) {
        return (System.nanoTime() - start) / 1e9;
    }

}
