package io.rwx.sharemanager;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.rwx.testing.LonghornObjects;
import io.rwx.testing.kafka.KafkaBrokerResource;
import io.rwx.testing.kubernetes.ApiServer;
import io.rwx.testing.kubernetes.ApiServerResource;
import io.rwx.testing.kubernetes.InjectApiServer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * The volume API answers only callers with a Kubernetes token, and changes a volume only for a caller who may
 * update Longhorn Volumes in the system namespace themselves (asked as the caller, with a SubjectAccessReview).
 */
@QuarkusTest
@QuarkusTestResource(ApiServerResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class ApiAccessMockTest {

    @InjectApiServer
    ApiServer api;

    @Test
    void anonymousGets401AViewerReadsButCannotChangeAVolume() {
        KubernetesClient client = api.client();
        api.policy().token("viewer-token", "viewer").allow("viewer", "get", "longhorn.io", "volumes", null)
                .allow("viewer", "list", "longhorn.io", "volumes", null);
        LonghornObjects.createVolume(client, "lh-guarded");

        given().header("Authorization", "").get("/volumes").then().statusCode(401)
                .body("reason", equalTo("unauthenticated"));
        given().header("Authorization", "Bearer viewer-token").get("/volumes").then().statusCode(200);
        given().header("Authorization", "Bearer viewer-token").contentType(ContentType.JSON)
                .body(Map.of("accessMode", "rwx")).put("/volumes/lh-guarded/accessMode").then().statusCode(403)
                .body("missing", containsString("update longhorn.io/volumes lh-guarded in namespace longhorn-system"));
        assertThat(LonghornObjects.get(client, LonghornObjects.VOLUMES, "lh-guarded").getAdditionalProperties()
                .get("spec").toString()).as("unchanged").doesNotContain("accessMode=rwx");
        given().header("Authorization", "Bearer viewer-token").contentType(ContentType.JSON)
                .body(Map.of("name", "lh-new", "accessMode", "rwx", "size", "1Gi")).post("/volumes").then()
                .statusCode(403);
        given().contentType(ContentType.JSON).body(Map.of("accessMode", "rwx", "mode", "x"))
                .put("/volumes/lh-guarded/accessMode").then().statusCode(400).body("message", containsString("'mode'"));
    }

    @Test
    void everyBadRequestIsA4xxWithAJsonProblemAndWritesNothing() {
        KubernetesClient client = api.client();
        int volumes = client.resources(io.rwx.crds.Volume.class).list().getItems().size();
        given().contentType(ContentType.JSON).body("{\"name\": 123, \"accessMode\": \"rwx\", \"size\": \"1Gi\"}")
                .post("/volumes").then().statusCode(400).body("reason", equalTo("invalid-body"))
                .body("field", equalTo("name"));
        given().contentType(ContentType.JSON).body("{\"name\": ").post("/volumes").then().statusCode(400)
                .body("reason", equalTo("invalid-body")).body("message", containsString("not valid JSON"));
        given().contentType(ContentType.TEXT).body("name=x").post("/volumes").then().statusCode(415)
                .body("reason", equalTo("unsupported-media-type"));
        given().get("/volumes/bad%2Fname").then().statusCode(org.hamcrest.Matchers.greaterThanOrEqualTo(400))
                .body("reason", org.hamcrest.Matchers.notNullValue());
        given().contentType(ContentType.JSON).body(Map.of("namespace", "apps", "pvcName", "data", "pvName", "Bad_Name/../x"))
                .post("/volumes/lh-any/pvc").then().statusCode(400).body("field", equalTo("pvName"));
        assertThat(client.resources(io.rwx.crds.Volume.class).list().getItems()).hasSize(volumes);
        assertThat(client.persistentVolumes().list().getItems()).noneMatch(pv -> pv.getMetadata().getName().contains("Bad"));
    }
}
