package io.rwx.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rwx.events.migration.MigrationRequested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The additive {@code options.runAsUser} of {@code io.rwx.migration.requested.v1} (a copy under Pod Security
 * "restricted"): its golden sample satisfies the schema and round-trips; a root uid is refused as malformed; a
 * request without it (every sample written before it existed) keeps owners.
 */
class MigrationRunAsUserTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final CloudEventCodec codec = new CloudEventCodec();

    static ObjectNode sample() throws IOException {
        try (InputStream in = MigrationRunAsUserTest.class.getResourceAsStream(
                "/golden/io.rwx.migration.requested.v1.run-as-user.json")) {
            return (ObjectNode) JSON.readTree(in);
        }
    }

    @Test
    void theSampleSatisfiesTheSchemaAndRoundTrips() throws IOException {
        ObjectNode sample = sample();
        assertThat(GoldenSamplesTest.schema(EventType.MIGRATION_REQUESTED).validate(sample.get("data"))).isEmpty();
        CloudEvent<?> event = codec.decode(GoldenSamplesTest.headersOf(sample), JSON.writeValueAsBytes(sample.get("data")));
        MigrationRequested request = event.dataAs(MigrationRequested.class);
        assertThat(request.options().runAsUser()).isEqualTo(1000L);
        assertThat(request.options().keepsOwners()).isFalse();
        assertThat(JSON.readTree(codec.value(event))).isEqualTo(sample.get("data"));
    }

    @Test
    void aRootUidIsMalformed() throws IOException {
        ObjectNode sample = sample();
        ((ObjectNode) sample.get("data").get("options")).put("runAsUser", 0);
        assertThatThrownBy(() -> codec.decode(GoldenSamplesTest.headersOf(sample), JSON.writeValueAsBytes(sample.get("data"))))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("runAsUser");
    }

    @Test
    void withoutItTheCopyKeepsOwners() throws IOException {
        JsonNode data = GoldenSamplesTest.golden(EventType.MIGRATION_REQUESTED).get("data");
        MigrationRequested request = codec.decode(GoldenSamplesTest.headersOf(GoldenSamplesTest.golden(EventType.MIGRATION_REQUESTED)),
                JSON.writeValueAsBytes(data)).dataAs(MigrationRequested.class);
        assertThat(request.options().keepsOwners()).isTrue();
        assertThat(JSON.readTree(codec.value(codec.decode(GoldenSamplesTest.headersOf(
                GoldenSamplesTest.golden(EventType.MIGRATION_REQUESTED)), JSON.writeValueAsBytes(data)))).get("options")
                .has("runAsUser")).as("absent stays absent").isFalse();
    }
}
