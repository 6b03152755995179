package io.rwx.testing.contract;

import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * What every service promises at its edges: ready (Kafka and the Kubernetes API reachable), live, and scrapeable
 * by Prometheus. A service's test extends it and adds the Quarkus annotations that start it against the real
 * broker and the mock API server.
 */
public abstract class HealthAndMetricsContract {

    @Test
    void readyAndScrapeable() {
        given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"))
                .body(containsString("kubernetes-api"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }
}
