package io.rwx.localstack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rwx.crds.Longhorn;
import io.rwx.testing.Fixtures;
import io.rwx.testing.kubernetes.ApiServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The "cluster" process of the local stack: the in-memory API server ({@link ApiServer}) on a loopback port (CRDs,
 * the system namespace and default Settings installed, discovery served for kubectl), a kubeconfig for it, the
 * node {@link Simulator}, and a small control endpoint through which a user (or the demo) asks the simulator to
 * fail a pod or a node, or to report a failed NFS mount.
 * <p>
 * Usage: {@code ClusterMain <api port> <control port> <work dir> [<bind address>]} (default 127.0.0.1: loopback only;
 * the cluster image binds its container's interface, published on the host's loopback by docker-compose).
 */
public final class ClusterMain {

    /**
     * Users of the rwx HTTP APIs, as the in-memory API server knows them (its TokenReview and SubjectAccessReview
     * answer for them): an operator allowed everything, and a viewer who may only read (the demo shows their 403).
     */
    public static final String ADMIN_TOKEN = "rwx-local-admin-token";
    public static final String ADMIN_USER = "local-admin";
    public static final String VIEWER_TOKEN = "rwx-local-viewer-token";
    public static final String VIEWER_USER = "local-viewer";

    private static final java.util.regex.Pattern NAME = java.util.regex.Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

    private ClusterMain() {
    }

    public static void main(String[] args) throws Exception {
        int apiPort = Integer.parseInt(args[0]);
        int controlPort = Integer.parseInt(args[1]);
        Path dir = Path.of(args[2]);
        InetAddress bind = InetAddress.getByName(args.length > 3 ? args[3] : "127.0.0.1");
        // plain HTTP, CRUD mode, stale writes refused, discovery served for kubectl, requests recorded
        ApiServer server = ApiServer.start(bind, apiPort);
        KubernetesClient client = server.client();
        server.policy().token(ADMIN_TOKEN, ADMIN_USER).allowAll(ADMIN_USER);
        server.policy().token(VIEWER_TOKEN, VIEWER_USER);
        for (String verb : new String[] {"get", "list", "watch"}) {
            server.policy().allow(VIEWER_USER, verb, "*", "*", null);
        }
        client.resource(Fixtures.namespace(Longhorn.DEFAULT_SYSTEM_NAMESPACE)).create();
        for (String[] s : new String[][] {
                {Longhorn.SETTING_AUTO_DELETE_POD, Longhorn.SETTING_AUTO_DELETE_POD_DEFAULT},
                {Longhorn.SETTING_AUTO_DELETE_BLACKLIST, Longhorn.SETTING_AUTO_DELETE_BLACKLIST_DEFAULT},
                {Longhorn.SETTING_NODE_DOWN_POD_DELETION_POLICY, Longhorn.SETTING_NODE_DOWN_POD_DELETION_POLICY_DEFAULT}}) {
            client.resources(io.rwx.crds.Setting.class).resource(Fixtures.setting(s[0], s[1])).create();
        }
        Simulator simulator = new Simulator(client, dir.resolve("volumes")).withPodLogs(server::appendPodLog)
                .withDataPlane();
        simulator.start();
        HttpServer control = control(simulator, server, dir.resolve("volumes"), bind, controlPort);
        Files.writeString(dir.resolve("kubeconfig"), kubeconfig("127.0.0.1", apiPort));
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            control.stop(0);
            simulator.close();
            server.close();
        }, "cluster-stop"));
        System.out.println("cluster ready: api http://127.0.0.1:" + apiPort + ", control http://127.0.0.1:" + controlPort);
        new CountDownLatch(1).await();
    }

    static String kubeconfig(String host, int port) {
        return """
                apiVersion: v1
                kind: Config
                clusters:
                - name: rwx-local
                  cluster:
                    server: http://%s:%d
                contexts:
                - name: rwx-local
                  context:
                    cluster: rwx-local
                    user: rwx-local
                    namespace: default
                current-context: rwx-local
                users:
                - name: rwx-local
                  user:
                    token: local
                """.formatted(host, port);
    }

    /**
     * POST /pods/{ns}/{name}/fail | /pods/{ns}/{name}/mount-failure | /nodes/{name}/fail | /nodes/{name}/recover;
     * GET /requests: the API server's request log (one JSON object per line: time, method, path, query, userAgent,
     * user, status), as an audit log would show it; POST /volumes/{ns}/{pvc}/seed writes the demo's tree into a
     * PVC's volume and GET /volumes/{ns}/{pvc}/tree lists a volume's tree ({@link VolumeTrees}), as a user would
     * with {@code kubectl exec} into a pod that mounts it; GET /dataplane says whether share-manager pods run as
     * containers serving NFS ({@link DataPlane}) and GET /dataplane/io?volume={volume} lists the workloads' writes
     * through that volume's endpoint ({@link WorkloadIo}).
     */
    static HttpServer control(Simulator simulator, ApiServer server, Path volumes, InetAddress bind, int port)
            throws IOException {
        HttpServer http = HttpServer.create(new InetSocketAddress(bind, port), 0);
        http.createContext("/", exchange -> {
            String[] p = exchange.getRequestURI().getPath().split("/");
            try {
                if ("GET".equals(exchange.getRequestMethod()) && exchange.getRequestURI().getPath().equals("/requests")) {
                    StringBuilder lines = new StringBuilder();
                    for (var r : server.requests()) {
                        lines.append(io.fabric8.kubernetes.client.utils.Serialization.asJson(r)).append('\n');
                    }
                    reply(exchange, 200, lines.toString().strip());
                } else if ("GET".equals(exchange.getRequestMethod()) && exchange.getRequestURI().getPath().startsWith("/dataplane")) {
                    dataPlane(exchange, simulator.dataPlane());
                } else if (p.length == 5 && p[1].equals("volumes") && (p[4].equals("seed") || p[4].equals("tree"))) {
                    volume(exchange, volumes, p[2], p[3], p[4]);
                } else if (!"POST".equals(exchange.getRequestMethod())) {
                    reply(exchange, 405, "POST only");
                } else if (p.length == 3 && p[1].equals("faults") && p[2].equals("api")) {
                    reply(exchange, 200, apiFault(server, query(exchange.getRequestURI().getRawQuery())));
                } else if (p.length == 3 && p[1].equals("faults") && p[2].equals("clear")) {
                    server.faults().clear();
                    reply(exchange, 200, "faults cleared");
                } else if (p.length == 5 && p[1].equals("pods") && p[4].equals("fail")) {
                    simulator.failPod(p[2], p[3]);
                    reply(exchange, 200, "pod failed");
                } else if (p.length == 5 && p[1].equals("pods") && p[4].equals("mount-failure")) {
                    simulator.mountFailure(p[2], p[3]);
                    reply(exchange, 200, "FailedMount recorded");
                } else if (p.length == 4 && p[1].equals("nodes") && (p[3].equals("fail") || p[3].equals("recover"))) {
                    simulator.setNodeReady(p[2], p[3].equals("recover"));
                    reply(exchange, 200, "node " + p[3]);
                } else {
                    reply(exchange, 404, "unknown: " + exchange.getRequestURI());
                }
            } catch (java.nio.file.FileAlreadyExistsException e) {
                reply(exchange, 409, "already exists: " + e.getMessage());
            } catch (RuntimeException | IOException e) {
                reply(exchange, 500, String.valueOf(e));
            }
        });
        http.start();
        return http;
    }

    /**
     * POST /faults/api?method=PATCH&path=<regex>&times=3 and status=409|500 (answered instead of the request) or
     * delayMs=2000 (answered late): what a real API server does under load or contention, for the fault suite.
     */
    private static String apiFault(ApiServer server, java.util.Map<String, String> q) {
        String method = q.getOrDefault("method", "");
        java.util.regex.Pattern path = java.util.regex.Pattern.compile(q.getOrDefault("path", ".*"));
        int times = Integer.parseInt(q.getOrDefault("times", "1"));
        java.util.function.Predicate<io.rwx.testing.kubernetes.ApiRequest> match = r ->
                (method.isEmpty() || method.equals(r.method())) && path.matcher(r.path()).matches();
        if (q.containsKey("delayMs")) {
            server.faults().slow(match, java.time.Duration.ofMillis(Long.parseLong(q.get("delayMs"))), times);
            return "the next " + times + " matching request(s) answered " + q.get("delayMs") + " ms late";
        }
        int status = Integer.parseInt(q.getOrDefault("status", "500"));
        server.faults().fail(match, status, times);
        return "the next " + times + " matching request(s) answered " + status;
    }

    private static java.util.Map<String, String> query(String raw) {
        java.util.Map<String, String> q = new java.util.HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(pair.substring(0, eq), java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }

    private static void volume(HttpExchange exchange, Path volumes, String namespace, String claim, String action)
            throws IOException {
        if (!NAME.matcher(namespace).matches() || !NAME.matcher(claim).matches()) {
            reply(exchange, 400, "not a namespace/PVC name: " + namespace + "/" + claim);
            return;
        }
        Path root = volumes.resolve(namespace).resolve(claim);
        boolean seed = action.equals("seed");
        if (seed != "POST".equals(exchange.getRequestMethod())) {
            reply(exchange, 405, seed ? "POST only" : "GET only");
        } else if (!Files.isDirectory(root)) {
            reply(exchange, 404, "no volume for PVC " + namespace + "/" + claim + " (is it bound?)");
        } else if (seed) {
            VolumeTrees.seed(root);
            long bytes = Long.parseLong(query(exchange.getRequestURI().getRawQuery()).getOrDefault("bytes", "0"));
            if (bytes > 0) { // a large file too, so a copy takes long enough to be watched
                VolumeTrees.large(root, Math.min(bytes, 4L << 30));
            }
            reply(exchange, 200, "seeded " + namespace + "/" + claim);
        } else {
            reply(exchange, 200, String.join("\n", VolumeTrees.list(root)));
        }
    }

    private static void dataPlane(HttpExchange exchange, DataPlane plane) throws IOException {
        String path = exchange.getRequestURI().getPath();
        if (path.equals("/dataplane")) {
            Object body = plane != null ? plane.describe()
                    : java.util.Map.of("enabled", false, "reason", DataPlane.offReason());
            reply(exchange, 200, io.fabric8.kubernetes.client.utils.Serialization.asJson(body));
        } else if (path.equals("/dataplane/io")) {
            String volume = query(exchange.getRequestURI().getRawQuery()).get("volume");
            if (volume == null || !NAME.matcher(volume).matches()) {
                reply(exchange, 400, "GET /dataplane/io?volume=<a volume name>");
            } else {
                reply(exchange, 200, io.fabric8.kubernetes.client.utils.Serialization.asJson(
                        plane == null ? java.util.List.of() : plane.io().writes(volume)));
            }
        } else {
            reply(exchange, 404, "unknown: " + path);
        }
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
