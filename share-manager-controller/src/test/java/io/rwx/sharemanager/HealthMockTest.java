package io.rwx.sharemanager;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.rwx.testing.kafka.KafkaBrokerResource;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/** The service starts against the real broker and the mock API server, reports ready and serves metrics. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(KafkaBrokerResource.class)
class HealthMockTest {

    @Test
    void readyAndScrapeable() {
        given().get("/q/health/ready").then().statusCode(200).body("status", is("UP"))
                .body(containsString("kubernetes-api"));
        given().get("/q/health/live").then().statusCode(200);
        given().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }
}
