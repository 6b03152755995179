package io.rwx.migration;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.rwx.events.CloudEvent;
import io.rwx.events.EventIds;
import io.rwx.events.EventType;
import io.rwx.events.Topic;
import io.rwx.events.migration.MigrationRejected;
import io.rwx.events.migration.MigrationRequested;
import io.rwx.events.migration.RejectionReason;
import io.rwx.testing.kafka.EventTestClient;
import io.rwx.testing.kafka.KafkaSaslBroker;
import io.rwx.testing.kafka.KafkaSaslBrokerResource;
import io.rwx.testing.kubernetes.ApiServerResource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Kafka security as deployed: the broker requires SASL (SCRAM-SHA-512) and authorizes with ACLs; the service is
 * configured only through the standard {@code KAFKA_*} keys (security protocol, mechanism, JAAS config) and its
 * user has exactly the ACLs of its KafkaUser in the Strimzi overlay. It is ready, consumes a request and publishes
 * the answer; a client without credentials gets nothing.
 */
@QuarkusTest
@TestProfile(KafkaSaslMockTest.Sasl.class)
class KafkaSaslMockTest {

    public static class Sasl implements QuarkusTestProfile {
        @Override
        public List<TestResourceEntry> testResources() {
            return List.of(new TestResourceEntry(ApiServerResource.class),
                    new TestResourceEntry(KafkaSaslBrokerResource.class, Map.of("user", "rwx-migration-service")));
        }

        @Override
        public boolean disableGlobalTestResources() {
            return true;
        }
    }

    @Test
    void theServiceConsumesAndPublishesAsItsScramUserWithTheOverlaysAcls() {
        given().get("/q/health/ready").then().statusCode(200);
        KafkaSaslBroker broker = KafkaSaslBrokerResource.broker();
        try (EventTestClient kafka = new EventTestClient(broker.superUser(),
                List.of(Topic.MIGRATIONS.defaultName(), Topic.MIGRATIONS.defaultDlqName()))) {
            kafka.publish(CloudEvent.of(EventIds.random(), "//ops/backstage", Instant.now(),
                    new MigrationRequested("sasl-1", "apps", "data", "data", null)));
            CloudEvent<?> rejected = kafka.await(EventType.MIGRATION_REJECTED,
                    e -> "sasl-1".equals(e.dataAs(MigrationRejected.class).migrationId()), Duration.ofSeconds(60));
            assertThat(rejected.dataAs(MigrationRejected.class).reason()).isEqualTo(RejectionReason.SAME_PVC);
            assertThat(rejected.source()).endsWith("/migration-service");
        }
    }

    @Test
    void aClientWithoutCredentialsGetsNothing() {
        KafkaSaslBroker broker = KafkaSaslBrokerResource.broker();
        try (KafkaProducer<String, String> anonymous = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 5000), new StringSerializer(), new StringSerializer())) {
            assertThatThrownBy(() -> anonymous.send(new ProducerRecord<>(Topic.MIGRATIONS.defaultName(), "k", "v"))
                    .get(20, TimeUnit.SECONDS)).isInstanceOfAny(ExecutionException.class,
                    org.apache.kafka.common.KafkaException.class);
        }
    }
}
