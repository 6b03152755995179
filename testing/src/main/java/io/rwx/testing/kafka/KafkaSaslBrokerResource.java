package io.rwx.testing.kafka;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * Quarkus test resource: a {@link KafkaSaslBroker} for one service, which connects as its own SCRAM-SHA-512 user,
 * allowed exactly the ACLs of its KafkaUser in {@code deploy/overlays/strimzi/users.yaml} (init arg {@code user},
 * e.g. {@code rwx-migration-service}). The service is configured the way a deployment configures it: with the
 * {@code KAFKA_*} keys of the Kafka client (KAFKA_SECURITY_PROTOCOL, KAFKA_SASL_MECHANISM, KAFKA_SASL_JAAS_CONFIG).
 * Use it from a test profile that disables the global test resources.
 */
public class KafkaSaslBrokerResource implements QuarkusTestResourceLifecycleManager {

    private static KafkaSaslBroker broker;
    private String user;

    /** The broker of the running test (for the test's own super-user client). */
    public static KafkaSaslBroker broker() {
        return broker;
    }

    @Override
    public void init(Map<String, String> initArgs) {
        user = initArgs.get("user");
    }

    @Override
    public Map<String, String> start() {
        broker = KafkaSaslBroker.start();
        String password = UUID.randomUUID().toString();
        broker.addScramUser(user, password);
        try {
            broker.allow(StrimziUserAcls.of(Path.of("..", "deploy", "overlays", "strimzi", "users.yaml"), user));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot read the Strimzi overlay's KafkaUsers", e);
        }
        return Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers(),
                "kafka.bootstrap.servers", broker.bootstrapServers(),
                "KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT",
                "KAFKA_SASL_MECHANISM", KafkaSaslBroker.MECHANISM,
                "KAFKA_SASL_JAAS_CONFIG", KafkaSaslBroker.jaas(user, password));
    }

    @Override
    public void stop() {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }
}
