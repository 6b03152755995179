package io.rwx.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the fault suite observes of the stack from outside: the API server's request log (every write a service
 * made: the remount stamps, the pod deletions), the services' health, the topics' offsets, and kubectl views.
 */
final class Probe {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Stack stack;
    private final HttpClient http = HttpClient.newHttpClient();

    Probe(Stack stack) {
        this.stack = stack;
    }

    /** The API server's request log so far. */
    List<JsonNode> requests() throws IOException, InterruptedException {
        String body = get(stack.controlUrl() + "/requests").body();
        List<JsonNode> out = new ArrayList<>();
        for (String line : body.split("\n")) {
            if (!line.isBlank()) {
                out.add(JSON.readTree(line));
            }
        }
        return out;
    }

    /** failover-service's remount stamps per volume (PATCHes of a Volume's status). */
    Map<String, Integer> stamps() throws IOException, InterruptedException {
        Map<String, Integer> stamps = new HashMap<>();
        for (JsonNode r : requests()) {
            String path = r.path("path").asText();
            if ("PATCH".equals(r.path("method").asText()) && path.endsWith("/status") && path.contains("/volumes/")
                    && r.path("userAgent").asText().startsWith("rwx-failover-service/") && r.path("status").asInt() / 100 == 2) {
                String volume = path.substring(path.indexOf("/volumes/") + 9, path.length() - "/status".length());
                stamps.merge(volume, 1, Integer::sum);
            }
        }
        return stamps;
    }

    /** Successful deletions of workload pods by failover-service, per namespace/name. */
    Map<String, Integer> podDeletions() throws IOException, InterruptedException {
        Map<String, Integer> deletions = new HashMap<>();
        for (JsonNode r : requests()) {
            String path = r.path("path").asText();
            if ("DELETE".equals(r.path("method").asText()) && path.matches("/api/v1/namespaces/[^/]+/pods/[^/]+")
                    && r.path("userAgent").asText().startsWith("rwx-failover-service/") && r.path("status").asInt() / 100 == 2) {
                deletions.merge(path.substring("/api/v1/namespaces/".length()).replace("/pods/", "/"), 1, Integer::sum);
            }
        }
        return deletions;
    }

    /** Every service's liveness (its channels are part of it: a dead channel is DOWN). */
    Map<String, Integer> liveness() throws InterruptedException {
        Map<String, Integer> live = new HashMap<>();
        for (String s : Stack.SERVICES) {
            try {
                live.put(s, get(stack.url(s) + "/q/health/live").statusCode());
            } catch (IOException e) {
                live.put(s, 0);
            }
        }
        return live;
    }

    /** Records on the dead-letter topics so far. */
    long deadLetters() throws Exception {
        return endOffsets(true);
    }

    /** Records on the contract topics so far (what was published and consumed). */
    long events() throws Exception {
        return endOffsets(false);
    }

    private long endOffsets(boolean dlq) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
            for (var t : admin.describeTopics(admin.listTopics().names().get(30, TimeUnit.SECONDS)).allTopicNames()
                    .get(30, TimeUnit.SECONDS).values()) {
                if (t.name().startsWith("rwx.") && t.name().endsWith(".dlq") == dlq) {
                    t.partitions().forEach(p -> specs.put(new TopicPartition(t.name(), p.partition()), OffsetSpec.latest()));
                }
            }
            long sum = 0;
            for (var o : admin.listOffsets(specs).all().get(30, TimeUnit.SECONDS).values()) {
                sum += o.offset();
            }
            return sum;
        }
    }

    HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String url, String body, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code kubectl} against the stack's API server; fails with its error output. */
    String kubectl(String stdin, String... args) throws IOException, InterruptedException {
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
            throw new IllegalStateException("kubectl " + String.join(" ", args) + ": " + err.trim());
        }
        return out;
    }

    JsonNode kubectlJson(String... args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-o", "json"));
        return JSON.readTree(kubectl(null, all.toArray(String[]::new)));
    }
}
