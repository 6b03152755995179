package io.rwx.events;

import io.rwx.events.migration.MigrationRequested;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The additive extension attribute {@code requestedby}: who asked for what an event reports. */
class RequestedByTest {

    private final CloudEventCodec codec = new CloudEventCodec();
    private final CloudEvent<MigrationRequested> event = CloudEvent.of("id-1", "//rwx/prod/migration-service",
            Instant.parse("2026-11-25T08:00:00Z"), new MigrationRequested("m-1", "shop", "a", "b", null));

    @Test
    void itTravelsAsACeHeaderAndBack() {
        CloudEvent<?> asked = event.withRequestedBy("system:serviceaccount:ops:backstage");
        Map<String, byte[]> headers = codec.headers(asked);
        assertThat(new String(headers.get("ce_requestedby"), StandardCharsets.UTF_8))
                .isEqualTo("system:serviceaccount:ops:backstage");
        assertThat(codec.decode(headers, codec.value(asked))).isEqualTo(asked);
    }

    @Test
    void anEventNobodyAskedForHasNone() {
        assertThat(codec.headers(event)).doesNotContainKey("ce_requestedby");
        assertThat(codec.decode(codec.headers(event), codec.value(event)).requestedBy()).isNull();
    }

    @Test
    void anOversizedValueIsMalformed() {
        Map<String, byte[]> headers = new java.util.HashMap<>(codec.headers(event));
        headers.put("ce_requestedby", "x".repeat(CloudEvent.MAX_REQUESTED_BY + 1).getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> codec.decode(headers, codec.value(event))).isInstanceOf(MalformedEventException.class)
                .hasMessageContaining("requestedby");
    }
}
