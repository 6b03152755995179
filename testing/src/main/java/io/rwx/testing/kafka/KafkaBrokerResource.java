package io.rwx.testing.kafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Quarkus test resource: a real KRaft Kafka broker (see {@link KafkaBroker}) with the contract topics created;
 * points {@code kafka.bootstrap.servers} at it and turns Dev Services off.
 * <pre>{@code @QuarkusTestResource(KafkaBrokerResource.class)}</pre>
 * Where a Docker engine exists, Testcontainers' Kafka could be swapped in here; the default needs no Docker.
 */
public class KafkaBrokerResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        KafkaBroker broker = KafkaBroker.shared();
        return Map.of(
                "kafka.bootstrap.servers", broker.bootstrapServers(),
                "quarkus.kafka.devservices.enabled", "false");
    }

    @Override
    public void stop() {
        // the broker is shared by every test class of the JVM and stops with it
    }
}
