package io.rwx.volumewatcher;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kubernetes.client.WithKubernetesTestServer;
import io.rwx.testing.contract.HealthAndMetricsContract;
import io.rwx.testing.kafka.KafkaBrokerResource;

/** The service starts against the real broker and the mock API server, reports ready and serves metrics. */
@QuarkusTest
@WithKubernetesTestServer(crud = true)
@QuarkusTestResource(KafkaBrokerResource.class)
class HealthMockTest extends HealthAndMetricsContract {
}
