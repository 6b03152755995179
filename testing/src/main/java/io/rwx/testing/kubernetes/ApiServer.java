package io.rwx.testing.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The in-memory Kubernetes API server of the tests and the local stack: fabric8's mock server in CRUD mode, on
 * plain HTTP on a loopback port, made to behave like a real API server where the system depends on it (see
 * {@link ApiServerDispatcher}): stale status writes are conflicts, token and access reviews are answered from an
 * {@link AccessPolicy}. Every request is recorded with the user agent that sent it, so a test can count the API
 * calls of an operation and check them against the RBAC rules in {@code deploy/}.
 */
public final class ApiServer implements AutoCloseable {

    /** The user agent of clients made by {@link #client()}: requests of the test itself, not of a service. */
    public static final String TEST_USER_AGENT = "rwx-test-harness/0";

    private final KubernetesMockServer server;
    private final ApiServerDispatcher dispatcher;
    private final AccessPolicy policy = new AccessPolicy();
    private final ApiFaults faults = new ApiFaults();
    private final List<ApiRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger conflicts = new AtomicInteger();
    private volatile boolean recording = true;
    private final ApiAudit audit = ApiAudit.fromSystemProperty();
    private KubernetesClient client;

    private ApiServer() {
        this.dispatcher = new ApiServerDispatcher(this);
        this.server = new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    }

    /** Starts a server on a free loopback port, with the project's CRDs installed. */
    public static ApiServer start() {
        return start(loopback(), 0);
    }

    /** Starts a server on {@code address:port} (0: a free port), with the project's CRDs installed. */
    public static ApiServer start(InetAddress address, int port) {
        ApiServer api = new ApiServer();
        api.server.init(address, port);
        Crds.install(api.client());
        return api;
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByName("127.0.0.1");
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code http://127.0.0.1:<port>}. */
    public String url() {
        return "http://" + server.getHostName() + ":" + server.getPort();
    }

    public int port() {
        return server.getPort();
    }

    /** A client of the test harness (user agent {@value #TEST_USER_AGENT}): shared, closed with the server. */
    public synchronized KubernetesClient client() {
        if (client == null) {
            client = client(TEST_USER_AGENT);
        }
        return client;
    }

    /** A new client that identifies itself with {@code userAgent} (the caller closes it). */
    public KubernetesClient client(String userAgent) {
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(url()).withTrustCerts(true)
                .withNamespace("default").withUserAgent(userAgent).withRequestRetryBackoffLimit(0).build();
        return new KubernetesClientBuilder().withConfig(config).build();
    }

    public AccessPolicy policy() {
        return policy;
    }

    public ApiFaults faults() {
        return faults;
    }

    /**
     * Ends every open watch now, as a real API server does when a watch's timeout runs out: clients resume from the
     * last resourceVersion they saw. Returns how many were ended.
     */
    public int endWatches() {
        return dispatcher.endWatches();
    }

    void record(ApiRequest request) {
        if (recording) {
            requests.add(request);
        }
        if (audit != null) {
            audit.append(request);
        }
    }

    private final java.util.Map<String, StringBuilder> podLogs = new java.util.concurrent.ConcurrentHashMap<>();

    /** Appends to a pod's container log (the kubelet's part: the simulator writes what a Job's command prints). */
    public void appendPodLog(String namespace, String pod, String text) {
        StringBuilder log = podLogs.computeIfAbsent(namespace + "/" + pod, k -> new StringBuilder());
        synchronized (log) {
            log.append(text);
            if (log.length() > 1_000_000) { // a kubelet rotates logs; keep the last part
                log.delete(0, log.length() - 500_000);
            }
        }
    }

    /** A pod's log as {@code GET .../pods/{name}/log} answers it: the last {@code tailLines} lines, or all. */
    String podLog(String namespace, String pod, Integer tailLines) {
        StringBuilder log = podLogs.get(namespace + "/" + pod);
        if (log == null) {
            return null;
        }
        String text;
        synchronized (log) {
            text = log.toString();
        }
        if (tailLines == null) {
            return text;
        }
        String[] lines = text.split("\n", -1);
        int end = text.endsWith("\n") ? lines.length - 1 : lines.length;
        return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, end - tailLines), end))
                + (text.endsWith("\n") ? "\n" : "");
    }

    /** A check a real API server makes on behalf of a request (audited for RBAC coverage; not a request sent). */
    void recordImplied(ApiRequest request) {
        if (audit != null) {
            audit.append(request);
        }
    }

    void countConflict() {
        conflicts.incrementAndGet();
    }

    /** Stale writes refused with 409 so far. */
    public int conflicts() {
        return conflicts.get();
    }

    /** Every request recorded so far, in arrival order. */
    public List<ApiRequest> requests() {
        return List.copyOf(requests);
    }

    /** Requests recorded so far that match. */
    public List<ApiRequest> requests(Predicate<ApiRequest> matching) {
        return requests.stream().filter(matching).toList();
    }

    /** Requests sent by one rwx service (by its user agent). */
    public List<ApiRequest> requestsOf(String service) {
        return requests(r -> service.equals(r.service()));
    }

    public void clearRequests() {
        requests.clear();
    }

    /** Stops or resumes recording (a long benchmark does not need a log of millions of requests). */
    public void recording(boolean on) {
        this.recording = on;
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
        server.destroy();
    }
}
