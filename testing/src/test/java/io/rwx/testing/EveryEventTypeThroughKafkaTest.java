package io.rwx.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.rwx.events.CloudEvent;
import io.rwx.events.CloudEventCodec;
import io.rwx.events.EventType;
import io.rwx.events.Topic;
import io.rwx.testing.kafka.EventTestClient;
import io.rwx.testing.kafka.KafkaBroker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One event of every v1 type (the golden samples of the events module) goes through a real Kafka broker with the
 * CloudEvents helper and comes back with every header, the key and the data intact.
 */
class EveryEventTypeThroughKafkaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final CloudEventCodec CODEC = new CloudEventCodec();
    private EventTestClient client;

    @BeforeEach
    void connect() {
        KafkaBroker broker = KafkaBroker.shared();
        client = new EventTestClient(broker.bootstrapServers(),
                Arrays.stream(Topic.values()).map(Topic::defaultName).toList());
    }

    @AfterEach
    void disconnect() {
        client.close();
    }

    static CloudEvent<?> goldenEvent(EventType type) throws IOException {
        try (InputStream in = EveryEventTypeThroughKafkaTest.class.getResourceAsStream("/golden/" + type.type() + ".json")) {
            assertThat(in).as("golden sample of %s", type.type()).isNotNull();
            JsonNode sample = JSON.readTree(in);
            Map<String, byte[]> headers = new HashMap<>();
            sample.fields().forEachRemaining(f -> {
                if (!f.getKey().equals("data") && !f.getKey().equals("datacontenttype")) {
                    headers.put("ce_" + f.getKey(), f.getValue().asText().getBytes(StandardCharsets.UTF_8));
                }
            });
            return CODEC.decode(headers, JSON.writeValueAsBytes(sample.get("data")));
        }
    }

    @Test
    void everyTypeArrivesWithAllHeadersAndDataIntact() throws IOException {
        for (EventType type : EventType.values()) {
            CloudEvent<?> sent = goldenEvent(type);
            client.publish(sent);
        }

        for (EventType type : EventType.values()) {
            CloudEvent<?> sent = goldenEvent(type);
            EventTestClient.Received got = client.awaitRecord(r -> r.event().id().equals(sent.id()), TIMEOUT);

            assertThat(got.topic()).as(type.type()).isEqualTo(type.topic().defaultName());
            assertThat(got.key()).as("Kafka key of %s", type.type()).isEqualTo(sent.partitionKey());
            assertThat(got.event()).as(type.type()).isEqualTo(sent);
            Map<String, String> expectedHeaders = text(CODEC.headers(sent));
            assertThat(text(got.headers())).as("headers of %s", type.type()).isEqualTo(expectedHeaders);
            assertThat(expectedHeaders).containsKeys("ce_specversion", "ce_id", "ce_type", "ce_source", "ce_subject",
                    "ce_time", "ce_partitionkey", "content-type");
        }
        assertThat(client.received()).hasSizeGreaterThanOrEqualTo(EventType.values().length);
        assertThat(client.rejected()).isEmpty();
    }

    @Test
    void aMalformedEventIsRejectedNamingTheBadField() throws IOException {
        CloudEvent<?> failed = goldenEvent(EventType.SHARE_MANAGER_FAILED);
        Map<String, byte[]> headers = new LinkedHashMap<>(CODEC.headers(failed));
        byte[] badData = "{\"volume\":\"pvc-4f6d2a1e\",\"reason\":\"cosmic-rays\"}".getBytes(StandardCharsets.UTF_8);
        headers.put("ce_id", "malformed-1".getBytes(StandardCharsets.UTF_8));

        client.publishRaw(Topic.SHARE_MANAGERS.defaultName(), failed.partitionKey(), headers, badData);

        EventTestClient.Rejected rejected = client.awaitRejected(r -> r.error().field().equals("data.reason"), TIMEOUT);
        assertThat(rejected.error().getMessage())
                .contains("io.rwx.sharemanager.failed.v1").contains("data.reason").contains("cosmic-rays");
        assertThat(client.received()).noneMatch(r -> r.event().id().equals("malformed-1"));
    }

    private static Map<String, String> text(Map<String, byte[]> headers) {
        Map<String, String> m = new LinkedHashMap<>();
        headers.forEach((k, v) -> m.put(k, new String(v, StandardCharsets.UTF_8)));
        return m;
    }

}
