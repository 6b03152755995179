package io.rwx.testing.contract;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * What every service promises at its edges: started (the Kubernetes startupProbe), ready (Kafka and the Kubernetes
 * API reachable), live, and scrapeable by Prometheus. A service's test extends it and adds the Quarkus annotations
 * that start it against the real broker and the mock API server.
 * <p>
 * The scrape is kept in {@code target/metrics/<service>.prom}: the system tests check every metric name and label
 * value the alert rules and the dashboard use against what a running service exports.
 */
public abstract class HealthAndMetricsContract {

    @Test
    void readyAndScrapeable() throws IOException {
        given().get("/q/health/started").then().statusCode(200);
        given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"))
                .body(containsString("kubernetes-api"));
        given().get("/q/health/live").then().statusCode(200);
        String metrics = given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"))
                .extract().asString();
        String service = ConfigProvider.getConfig().getValue("quarkus.application.name", String.class);
        Path out = Path.of("target/metrics").resolve(service + ".prom");
        Files.createDirectories(out.getParent());
        Files.writeString(out, metrics);
    }
}
