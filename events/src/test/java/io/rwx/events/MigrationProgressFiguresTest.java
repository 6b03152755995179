package io.rwx.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.rwx.events.migration.MigrationProgress;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The additive copier figures of {@code io.rwx.migration.progress.v1} (files done and total, percent, rate): the
 * golden sample satisfies the schema and round-trips; out-of-range figures are malformed; a progress event written
 * before they existed still decodes, with the figures absent.
 */
class MigrationProgressFiguresTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final CloudEventCodec codec = new CloudEventCodec();

    static ObjectNode sample() throws IOException {
        try (InputStream in = MigrationProgressFiguresTest.class.getResourceAsStream(
                "/golden/io.rwx.migration.progress.v1.with-files.json")) {
            return (ObjectNode) JSON.readTree(in);
        }
    }

    @Test
    void theSampleSatisfiesTheSchemaAndRoundTrips() throws IOException {
        ObjectNode sample = sample();
        assertThat(GoldenSamplesTest.schema(EventType.MIGRATION_PROGRESS).validate(sample.get("data"))).isEmpty();
        CloudEvent<?> event = codec.decode(GoldenSamplesTest.headersOf(sample), JSON.writeValueAsBytes(sample.get("data")));
        MigrationProgress progress = event.dataAs(MigrationProgress.class);
        assertThat(progress.filesDone()).isEqualTo(5120L);
        assertThat(progress.filesTotal()).isEqualTo(12000L);
        assertThat(progress.percent()).isEqualTo(42);
        assertThat(progress.bytesPerSecond()).isEqualTo(6291456L);
        assertThat(JSON.readTree(codec.value(event))).isEqualTo(sample.get("data"));
    }

    @Test
    void aPercentAboveAHundredIsMalformed() throws IOException {
        ObjectNode sample = sample();
        ((ObjectNode) sample.get("data")).put("percent", 101);
        assertThatThrownBy(() -> codec.decode(GoldenSamplesTest.headersOf(sample), JSON.writeValueAsBytes(sample.get("data"))))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("percent");
    }

    @Test
    void negativeFileCountsAreMalformed() throws IOException {
        ObjectNode sample = sample();
        ((ObjectNode) sample.get("data")).put("filesDone", -1);
        assertThatThrownBy(() -> codec.decode(GoldenSamplesTest.headersOf(sample), JSON.writeValueAsBytes(sample.get("data"))))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("filesDone");
    }

    @Test
    void anEventWithoutTheFiguresStillDecodes() throws IOException {
        JsonNode golden = GoldenSamplesTest.golden(EventType.MIGRATION_PROGRESS);
        MigrationProgress progress = codec.decode(GoldenSamplesTest.headersOf(golden),
                JSON.writeValueAsBytes(golden.get("data"))).dataAs(MigrationProgress.class);
        assertThat(progress.filesDone()).isNull();
        assertThat(progress.percent()).isNull();
        assertThat(JSON.readTree(codec.value(codec.decode(GoldenSamplesTest.headersOf(golden),
                JSON.writeValueAsBytes(golden.get("data"))))).has("filesTotal")).as("absent stays absent").isFalse();
    }
}
