package io.rwx.migration;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.events.v1.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rwx.migration.kubernetes.EventRecorder;
import io.rwx.testing.Fixtures;
import io.rwx.testing.kafka.KafkaBrokerResource;
import io.rwx.testing.kubernetes.ApiServer;
import io.rwx.testing.kubernetes.ApiServerResource;
import io.rwx.testing.kubernetes.InjectApiServer;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A warning recorded twice for the same object, reason and key is one Kubernetes Event counted twice (created, then
 * found and patched by the service itself, with its own identity: the RBAC coverage check sees the get and patch).
 */
@QuarkusTest
@QuarkusTestResource(ApiServerResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class RepeatedEventMockTest {

    @InjectApiServer
    ApiServer api;

    @Inject
    EventRecorder events;

    @Test
    void aRepeatedWarningIsOneEventCountedTwice() {
        KubernetesClient client = api.client();
        String ns = "repeat-migration";
        if (client.namespaces().withName(ns).get() == null) {
            client.resource(Fixtures.namespace(ns)).create();
        }
        Pod pod = client.resource(Fixtures.workloadPod(ns, "reader", "data").build()).create();

        events.warning(pod, "RepeatedForTest", "first", "key-1");
        events.warning(pod, "RepeatedForTest", "second", "key-1");

        var recorded = client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> "RepeatedForTest".equals(e.getReason())).toList();
        assertThat(recorded).singleElement().satisfies(e -> {
            assertThat(e.getCount()).isEqualTo(2);
            assertThat(e.getMessage()).isEqualTo("second");
        });
        assertThat(api.requestsOf("migration-service")).extracting(r -> r.method() + " " + r.info().resource())
                .contains("POST events", "GET events", "PATCH events");
    }
}
