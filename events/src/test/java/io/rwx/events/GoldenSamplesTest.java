package io.rwx.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every v1 type has a golden sample (a CloudEvent in JSON form, as an integrator would write it); each sample
 * satisfies its published JSON Schema and survives a binary-mode encode/decode unchanged.
 */
class GoldenSamplesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);
    private final CloudEventCodec codec = new CloudEventCodec();

    static ObjectNode golden(EventType type) throws IOException {
        try (InputStream in = GoldenSamplesTest.class.getResourceAsStream("/golden/" + type.type() + ".json")) {
            assertThat(in).as("golden sample for %s", type.type()).isNotNull();
            return (ObjectNode) JSON.readTree(in);
        }
    }

    static JsonSchema schema(EventType type) throws IOException {
        try (InputStream in = EventType.class.getClassLoader().getResourceAsStream(type.schemaResource())) {
            assertThat(in).as("schema resource %s", type.schemaResource()).isNotNull();
            return SCHEMAS.getSchema(JSON.readTree(in));
        }
    }

    /** The binary-mode headers an integrator would set for this sample. */
    static Map<String, byte[]> headersOf(JsonNode sample) {
        Map<String, byte[]> headers = new HashMap<>();
        sample.fields().forEachRemaining(f -> {
            if (!f.getKey().equals("data") && !f.getKey().equals("datacontenttype")) {
                headers.put("ce_" + f.getKey(), f.getValue().asText().getBytes(StandardCharsets.UTF_8));
            }
        });
        headers.put("content-type", sample.get("datacontenttype").asText().getBytes(StandardCharsets.UTF_8));
        return headers;
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void sampleDataSatisfiesItsSchema(EventType type) throws IOException {
        JsonNode sample = golden(type);
        assertThat(sample.get("type").asText()).isEqualTo(type.type());
        Set<ValidationMessage> errors = schema(type).validate(sample.get("data"));
        assertThat(errors).as("schema violations of the %s sample", type.type()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(EventType.class)
    void sampleRoundTripsThroughBinaryMode(EventType type) throws IOException {
        JsonNode sample = golden(type);
        byte[] value = JSON.writeValueAsBytes(sample.get("data"));

        CloudEvent<?> event = codec.decode(headersOf(sample), value);

        assertThat(event.type()).isEqualTo(type);
        assertThat(event.data()).isInstanceOf(type.dataClass());
        assertThat(event.id()).isEqualTo(sample.get("id").asText());
        assertThat(event.subject()).isEqualTo(sample.get("subject").asText());
        assertThat(event.time().toString()).isEqualTo(java.time.Instant.parse(sample.get("time").asText()).toString());

        Map<String, byte[]> reencodedHeaders = codec.headers(event);
        CloudEvent<?> again = codec.decode(reencodedHeaders, codec.value(event));
        assertThat(again).isEqualTo(event);
        // nothing of the sample's data is lost or invented on the way through the records
        assertThat(JSON.readTree(codec.value(event))).isEqualTo(sample.get("data"));
        // the decoded data satisfies the schema too
        assertThat(schema(type).validate(JSON.readTree(codec.value(again)))).isEmpty();
    }
}
