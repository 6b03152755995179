package io.rwx.localstack;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The system as {@code docker-compose --profile demo up} runs it: every service in its container, reached through
 * the ports docker-compose.yml publishes on the host's loopback address. The ports are read from the same
 * environment variables, with the same defaults, as docker-compose.yml uses ({@code RWX_BIND}, {@code
 * RWX_KAFKA_PORT}, {@code RWX_API_PORT}, {@code RWX_SIMULATOR_PORT}, {@code RWX_<SERVICE>_PORT}).
 */
public final class ComposeTarget implements DemoTarget {

    static final Map<String, Integer> DEFAULT_PORTS = defaults();

    private final Map<String, String> env;
    private final String host;
    private final Path kubeconfig;

    private ComposeTarget(Map<String, String> env, Path work) throws IOException {
        this.env = env;
        this.host = env.getOrDefault("RWX_BIND", "127.0.0.1");
        Files.createDirectories(work);
        this.kubeconfig = work.resolve("compose-kubeconfig");
        Files.writeString(kubeconfig, ClusterMain.kubeconfig(host, port("api")));
    }

    /** The compose stack as the environment configures it; a kubeconfig for its API server is written in {@code work}. */
    public static ComposeTarget of(Map<String, String> env, Path work) throws IOException {
        return new ComposeTarget(env, work);
    }

    private static Map<String, Integer> defaults() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("kafka", 19092);
        ports.put("api", 16443);
        ports.put("simulator", 18090);
        ports.put("volume-watcher", 18081);
        ports.put("share-manager-controller", 18082);
        ports.put("failover-service", 18083);
        ports.put("migration-service", 18084);
        return ports;
    }

    int port(String name) {
        String variable = "RWX_" + name.toUpperCase().replace('-', '_') + "_PORT";
        String value = env.get(variable);
        try {
            return value == null || value.isBlank() ? DEFAULT_PORTS.get(name) : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(variable + " is not a port number: " + value, e);
        }
    }

    @Override
    public String bootstrapServers() {
        return host + ":" + port("kafka");
    }

    @Override
    public String url(String service) {
        return "http://" + host + ":" + port(service);
    }

    @Override
    public String controlUrl() {
        return "http://" + host + ":" + port("simulator");
    }

    @Override
    public Path kubeconfig() {
        return kubeconfig;
    }

    @Override
    public String logs() {
        return "docker-compose logs <service>";
    }

    /**
     * Waits until the cluster answers, every service is ready and every consumer group holds its partitions;
     * fails naming what did not come up (docker-compose up -d returns before any of it).
     */
    public void awaitReady(Duration timeout, PrintStream out) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Map<String, String> probes = new LinkedHashMap<>();
        probes.put("the cluster's API server", "http://" + host + ":" + port("api") + "/version");
        for (String service : List.of("volume-watcher", "share-manager-controller", "failover-service", "migration-service")) {
            probes.put(service, url(service) + "/q/health/ready");
        }
        for (var probe : probes.entrySet()) {
            String last = "no answer";
            while (true) {
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(probe.getValue()))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() == 200) {
                        break;
                    }
                    last = r.statusCode() + " " + r.body();
                } catch (IOException e) {
                    last = e.toString();
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(probe.getKey() + " is not ready at " + probe.getValue()
                            + " after " + timeout + " (" + last + "): is `docker-compose --profile demo up -d` running?"
                            + " See " + logs());
                }
                TimeUnit.MILLISECONDS.sleep(500);
            }
            out.println("  " + probe.getKey() + " ready");
        }
        Stack.awaitConsumerGroups(bootstrapServers(), Duration.ofNanos(Math.max(deadline - System.nanoTime(), 0)),
                pending -> { });
        out.println("  every consumer group holds its partitions");
    }
}
