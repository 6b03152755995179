package io.rwx.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rwx.events.failover.FailoverTimeline;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The demo's failover seen by NFS clients, where share-managers run for real ({@link DataPlane}): before the failure
 * the workload pods write through the volume's endpoint and the demo, as one more client, writes files and keeps
 * writing; while the share-manager is down its writes fail (shown); after the failover the same endpoint serves the
 * same files (checksums) and the restarted workloads write again. The client's outage window is printed next to
 * the failover's timeline.
 */
final class DataPlaneStory implements AutoCloseable {

    static final int FILES = 5;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WAIT = Duration.ofSeconds(90);

    private final String controlUrl;
    private final String volume;
    private final String endpoint;
    private final HttpClient http = HttpClient.newHttpClient();
    private final Map<String, String> sums = new LinkedHashMap<>();
    private OutageProbe probe;
    private long failedAt;

    DataPlaneStory(String controlUrl, String volume, String endpoint) {
        this.controlUrl = controlUrl;
        this.volume = volume;
        this.endpoint = endpoint;
    }

    /** Whether the cluster runs share-managers for real (its simulator says so). */
    static boolean enabled(String controlUrl) throws IOException, InterruptedException {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(controlUrl + "/dataplane"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        return r.statusCode() == 200 && JSON.readTree(r.body()).path("enabled").asBoolean(false);
    }

    /** The workload pods' writes through this volume's endpoint, oldest first (the simulator's journal). */
    List<JsonNode> writes() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(controlUrl + "/dataplane/io?volume=" + volume))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        List<JsonNode> writes = new ArrayList<>();
        JSON.readTree(r.body()).forEach(writes::add);
        return writes;
    }

    private boolean eachWroteAfter(Set<String> pods, long millis) throws IOException, InterruptedException {
        List<JsonNode> writes = writes();
        return pods.stream().allMatch(p -> writes.stream().anyMatch(w -> p.equals(w.path("pod").asText())
                && w.path("ok").asBoolean() && w.path("atMillis").asLong() > millis));
    }

    /** Before the failure: the workloads write, the demo writes its files and reads them back, and keeps writing. */
    String before(Set<String> workloadPods) throws Exception {
        Awaitility.await("every workload pod writes through " + endpoint).atMost(WAIT).pollInterval(Duration.ofMillis(300))
                .until(() -> eachWroteAfter(workloadPods, 0));
        String run = Long.toString(System.currentTimeMillis(), 36);
        for (int i = 1; i <= FILES; i++) {
            byte[] data = new byte[NfsClient.MAX_WRITE];
            ThreadLocalRandom.current().nextBytes(data);
            String file = "demo-" + run + "-" + i + ".bin";
            NfsClient.Result written = NfsClient.write(endpoint, file, data);
            expect(written.ok(), "the demo writes " + file + " through " + endpoint + ": " + written.error());
            sums.put(file, NfsClient.sha256(data));
        }
        expect(readBack().isEmpty(), "the files read back through " + endpoint + " as written");
        probe = OutageProbe.start(endpoint, "demo-client-" + run, Duration.ofMillis(100));
        Awaitility.await("the demo's client writes").atMost(WAIT).until(() -> probe.wroteAfter(0));
        return workloadPods.size() + " workload pods and the demo write through " + endpoint + "; " + FILES
                + " files of " + NfsClient.MAX_WRITE + " bytes written and read back (sha256 " + shortSums() + ")";
    }

    /** The share-manager was failed just now (its container killed). */
    void failed() {
        failedAt = System.currentTimeMillis();
    }

    /** After the failover: the client writes again, the files are the same, the restarted workloads write. */
    String after(Set<String> restartedPods, FailoverTimeline timeline) throws Exception {
        Awaitility.await("the demo's client writes through " + endpoint + " again").atMost(WAIT)
                .pollInterval(Duration.ofMillis(200)).until(() -> probe.wroteAfter(failedAt));
        OutageProbe.Outage outage = probe.outageAround(failedAt);
        probe.close();
        expect(outage != null && outage.failedWrites() > 0, "the client's writes failed while the share-manager was down");
        List<String> changed = readBack();
        expect(changed.isEmpty(), "the same files through the same endpoint after the failover, changed: " + changed);
        Awaitility.await("the restarted workload pods write through " + endpoint).atMost(WAIT)
                .pollInterval(Duration.ofMillis(300)).until(() -> eachWroteAfter(restartedPods, failedAt));
        return "the client's outage: " + outage.describe() + "\n             failover timeline from the kill "
                + "(detected and created are whole-second stamps): " + timeline(timeline) + "\n             after it: " + FILES + " files read back through " + endpoint
                + " with the same sha256, and the " + restartedPods.size() + " restarted workload pods write again";
    }

    /** Files whose contents read through the endpoint differ from what was written (or cannot be read). */
    private List<String> readBack() {
        List<String> changed = new ArrayList<>();
        sums.forEach((file, sum) -> {
            NfsClient.Result r = NfsClient.read(endpoint, file);
            if (!r.ok() || !sum.equals(NfsClient.sha256(r.data()))) {
                changed.add(file + (r.ok() ? " (other contents)" : " (" + r.error() + ")"));
            }
        });
        return changed;
    }

    private String shortSums() {
        return String.join(", ", sums.values().stream().map(s -> s.substring(0, 8)).toList());
    }

    private String timeline(FailoverTimeline t) {
        Map<String, Instant> phases = new LinkedHashMap<>();
        phases.put("detected", t.detected());
        phases.put("remount requested", t.remountRequested());
        phases.put("replacement created", t.replacementCreated());
        phases.put("replacement ready", t.replacementReady());
        phases.put("workloads deleted", t.workloadsDeleted());
        phases.put("workloads running", t.workloadsRunning());
        List<String> parts = new ArrayList<>();
        phases.forEach((k, v) -> {
            if (v != null) {
                parts.add(String.format("%s %+.1f s", k, (v.toEpochMilli() - failedAt) / 1000.0));
            }
        });
        return String.join(", ", parts);
    }

    private static void expect(boolean condition, String expectation) {
        if (!condition) {
            throw new AssertionError("expected: " + expectation);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (probe != null) {
            probe.close();
        }
    }
}
