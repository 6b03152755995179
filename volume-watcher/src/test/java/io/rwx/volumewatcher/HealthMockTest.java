package io.rwx.volumewatcher;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rwx.testing.contract.HealthAndMetricsContract;
import io.rwx.testing.kafka.KafkaBrokerResource;
import io.rwx.testing.kubernetes.ApiServerResource;

/** The service starts against the real broker and the mock API server, reports ready and serves metrics. */
@QuarkusTest
@QuarkusTestResource(ApiServerResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class HealthMockTest extends HealthAndMetricsContract {
}
