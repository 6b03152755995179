package io.rwx.bench;

import io.rwx.localstack.Stack;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * B5: resident memory and start-up of each service started on its own (killed and started again while the rest of
 * the stack is idle), idle and holding many volumes; beside an empty Quarkus application on the same JVM and flags.
 */
final class Footprint {

    static final Pattern STARTED = Pattern.compile("started in ([0-9.]+)s");

    record Sample(String process, long rssBytes, double startedSeconds) {
    }

    private final Stack stack;

    Footprint(Stack stack) {
        this.stack = stack;
    }

    /** Each service restarted alone: its "started in" and its RSS once ready. */
    Sample restartAndMeasure(String service) throws Exception {
        long startsBefore = starts(stack.logOf(service));
        stack.kill(service);
        stack.restart(service);
        // readiness can answer before Quarkus prints its "started in" line: the new start's line, not the last one
        // already in the log (the stack's own start, with every service starting at once)
        if (!Cluster.await(30_000, 50, () -> starts(stack.logOf(service)) > startsBefore)) {
            throw new IllegalStateException(service + " logged no \"started in\" line within 30 s of answering ready");
        }
        return new Sample(service, rss(stack.pid(service)), lastStarted(stack.logOf(service)));
    }

    /** How many "started in" lines the log holds. */
    private static long starts(Path log) {
        try {
            return Files.readAllLines(log).stream().filter(l -> STARTED.matcher(l).find()).count();
        } catch (IOException e) {
            return 0;
        }
    }

    Sample holding(String service) throws IOException {
        return new Sample(service, rss(stack.pid(service)), Double.NaN);
    }

    /** The empty Quarkus app of bench-empty-app, same JVM and flags as the stack's services. */
    static Sample emptyApp(Path repo, Path work) throws Exception {
        Path jar = repo.resolve("bench-empty-app/target/quarkus-app/quarkus-run.jar");
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = work.resolve("empty-app.log");
        Files.createDirectories(work);
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        command.addAll(Stack.PRODUCTION_JVM);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("QUARKUS_HTTP_PORT", String.valueOf(port));
        pb.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        Process p = pb.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            Cluster.await(60_000, 50, () -> {
                try {
                    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                            .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (Exception e) {
                    return false;
                }
            });
            Cluster.await(30_000, 50, () -> starts(log) > 0); // its "started in" line can follow readiness
            return new Sample("empty Quarkus app", rss(p.pid()), lastStarted(log));
        } finally {
            p.destroy();
            p.waitFor();
        }
    }

    static long rss(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return -1;
    }

    static double lastStarted(Path log) throws IOException {
        double started = Double.NaN;
        for (String line : Files.readAllLines(log)) {
            Matcher m = STARTED.matcher(line);
            if (m.find()) {
                started = Double.parseDouble(m.group(1));
            }
        }
        return started;
    }

    static List<String> services() {
        return Stack.SERVICES;
    }
}
