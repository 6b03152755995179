package io.rwx.systemtests;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each service image, as {@code ./rwx images} built it, starts as a non-root user and answers
 * {@code /q/health/live} within 10 s, alone (no Kafka, no cluster: liveness must not depend on them). The container
 * publishes its port on the loopback address only and is removed afterwards.
 */
class ImagesTest {

    static final Duration LIVE_WITHIN = Duration.ofSeconds(10);

    @BeforeAll
    static void docker() {
        Docker.assumeAvailable();
    }

    static List<String> services() {
        return Docker.DEPLOYED;
    }

    @ParameterizedTest
    @MethodSource("services")
    void startsAsNonRootAndIsLiveWithinTenSeconds(String service) throws Exception {
        String image = "rwx/" + service + ":" + Docker.VERSION;
        assertThat(Docker.run("docker", "image", "inspect", image).exit())
                .as("%s is built (./rwx images)", image).isZero();
        assertThat(Docker.run("docker", "image", "inspect", "-f", "{{.Config.User}}", image).ok("inspect").out())
                .as("the image's user").isEqualTo("185:0");

        String id = Docker.run("docker", "run", "-d", "-p", "127.0.0.1::8080", "--label", "rwx.test=images", image)
                .ok("docker run " + image).out();
        long started = System.nanoTime();
        try {
            String port = Docker.run("docker", "port", id, "8080/tcp").ok("docker port").out().lines().findFirst()
                    .orElseThrow().replaceAll(".*:", "");
            Duration live = awaitLive("http://127.0.0.1:" + port + "/q/health/live", started);
            System.out.printf("%s: live after %d ms%n", image, live.toMillis());
            assertThat(live).as("%s answers /q/health/live", image).isLessThan(LIVE_WITHIN);
            assertThat(Docker.run("docker", "exec", id, "id", "-u").ok("docker exec id").out())
                    .as("the uid the service runs as").isEqualTo("185");
        } finally {
            Docker.run("docker", "rm", "-f", "-v", id);
        }
        assertThat(Docker.run("docker", "ps", "-aq", "--filter", "id=" + id).out()).as("the container is removed").isEmpty();
    }

    /** Time from {@code docker run} to the first 200 of the liveness endpoint, or {@link #LIVE_WITHIN} and more. */
    private static Duration awaitLive(String url, long started) throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        Duration deadline = LIVE_WITHIN.plusSeconds(20); // look a little past the bound, to report how far off it is
        while (Duration.ofNanos(System.nanoTime() - started).compareTo(deadline) < 0) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(1))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return Duration.ofNanos(System.nanoTime() - started);
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        return deadline;
    }
}
