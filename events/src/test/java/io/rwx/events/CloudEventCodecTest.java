package io.rwx.events;

import io.rwx.events.common.FailureReason;
import io.rwx.events.sharemanager.ShareManagerFailed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CloudEventCodecTest {

    private final CloudEventCodec codec = new CloudEventCodec();

    private final CloudEvent<ShareManagerFailed> failed = CloudEvent.of(
            EventIds.deterministic(EventType.SHARE_MANAGER_FAILED, "v1", "uid-1", "pod-failed"),
            "//rwx/test/volume-watcher", Instant.parse("2026-11-24T10:00:00.123Z"),
            new ShareManagerFailed("v1", "share-manager-v1", "uid-1", "node-1", FailureReason.POD_FAILED, null))
            .withSequence(3);

    @Test
    void writesEveryBinaryModeHeader() {
        Map<String, byte[]> headers = codec.headers(failed);

        assertThat(headers.keySet()).containsExactly("ce_specversion", "ce_id", "ce_type", "ce_source", "ce_subject",
                "ce_time", "ce_partitionkey", "ce_sequence", "content-type");
        assertThat(text(headers, "ce_type")).isEqualTo("io.rwx.sharemanager.failed.v1");
        assertThat(text(headers, "ce_subject")).isEqualTo("v1");
        assertThat(text(headers, "ce_partitionkey")).isEqualTo("v1");
        assertThat(text(headers, "ce_time")).isEqualTo("2026-11-24T10:00:00.123Z");
        assertThat(text(headers, "ce_sequence")).isEqualTo("3");
        assertThat(new String(codec.value(failed), StandardCharsets.UTF_8))
                .isEqualTo("{\"volume\":\"v1\",\"pod\":\"share-manager-v1\",\"podUid\":\"uid-1\",\"node\":\"node-1\","
                        + "\"reason\":\"pod-failed\"}");
        assertThat(codec.decode(headers, codec.value(failed))).isEqualTo(failed);
    }

    @Test
    void deterministicIdsDependOnlyOnTheStateChange() {
        String a = EventIds.deterministic(EventType.SHARE_MANAGER_FAILED, "v1", "uid-1", "pod-failed");
        assertThat(EventIds.deterministic(EventType.SHARE_MANAGER_FAILED, "v1", "uid-1", "pod-failed")).isEqualTo(a);
        assertThat(EventIds.deterministic(EventType.SHARE_MANAGER_FAILED, "v1", "uid-2", "pod-failed")).isNotEqualTo(a);
        assertThat(EventIds.deterministic(EventType.SHARE_MANAGER_STOPPED, "v1", "uid-1", "pod-failed")).isNotEqualTo(a);
        assertThat(EventIds.deterministic(EventType.SHARE_MANAGER_FAILED, "v", "1uid-1", "pod-failed")).isNotEqualTo(a);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing type header       | ce_type         |                | ",
            "missing id header         | ce_id           |                | ",
            "wrong spec version        | ce_specversion  | 0.3            | ",
            "time not RFC 3339         | ce_time         | yesterday      | ",
            "negative sequence         | ce_sequence     | -1             | ",
            "subject differs from data | ce_subject      | other-volume   | ",
            "key differs from data     | ce_partitionkey | other-volume   | ",
            "not JSON content          | content-type    | text/plain     | ",
    })
    void rejectsABadHeaderNamingIt(String description, String header, String value, String unused) {
        Map<String, byte[]> headers = new LinkedHashMap<>(codec.headers(failed));
        if (value == null) {
            headers.remove(header);
        } else {
            headers.put(header, value.getBytes(StandardCharsets.UTF_8));
        }

        MalformedEventException e = catchThrowableOfType(MalformedEventException.class,
                () -> codec.decode(headers, codec.value(failed)));

        assertThat(e).as(description).isNotNull();
        assertThat(e.field()).isEqualTo(header);
        assertThat(e.getMessage()).contains(header);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown enum value       | {\"volume\":\"v1\",\"reason\":\"bogus\"}                  | data.reason",
            "required field absent    | {\"volume\":\"v1\"}                                       | data.reason",
            "required field empty     | {\"volume\":\"\",\"reason\":\"pod-failed\"}               | data.volume",
            "wrong JSON type          | {\"volume\":\"v1\",\"reason\":\"pod-failed\",\"node\":[]} | data.node",
            "not JSON at all          | volume=v1                                                 | data",
    })
    void rejectsBadDataNamingTheField(String description, String json, String field) {
        MalformedEventException e = catchThrowableOfType(MalformedEventException.class,
                () -> codec.decode(codec.headers(failed), json.getBytes(StandardCharsets.UTF_8)));

        assertThat(e).as(description).isNotNull();
        assertThat(e.field()).isEqualTo(field);
        assertThat(e.getMessage()).contains(field).contains("io.rwx.sharemanager.failed.v1");
    }

    @Test
    void namesTheFieldInsideANestedList() {
        String json = "{\"volume\":\"v1\",\"accessMode\":\"rwx\",\"resourceVersion\":\"1\","
                + "\"workloads\":[{\"namespace\":\"ns\",\"name\":\"p\",\"uid\":\"u\"},{\"namespace\":\"ns\",\"name\":\"q\"}]}";
        Map<String, byte[]> headers = new LinkedHashMap<>(codec.headers(failed));
        headers.put("ce_type", "io.rwx.volume.observed.v1".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> codec.decode(headers, json.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(MalformedEventException.class,
                        e -> assertThat(e.field()).isEqualTo("data.workloads[1].uid"));
    }

    @Test
    void toleratesFieldsAddedByANewerProducer() {
        String json = "{\"volume\":\"v1\",\"reason\":\"pod-failed\",\"addedInV1dot1\":{\"x\":1}}";
        CloudEvent<?> event = codec.decode(codec.headers(failed), json.getBytes(StandardCharsets.UTF_8));
        assertThat(event.dataAs(ShareManagerFailed.class).reason()).isEqualTo(FailureReason.POD_FAILED);
    }

    @Test
    void anUnknownTypeIsDistinguishableSoConsumersCanSkipIt() {
        Map<String, byte[]> headers = new LinkedHashMap<>(codec.headers(failed));
        headers.put("ce_type", "io.rwx.sharemanager.failed.v2".getBytes(StandardCharsets.UTF_8));

        assertThatThrownBy(() -> codec.decode(headers, codec.value(failed)))
                .isInstanceOf(UnknownEventTypeException.class)
                .hasMessageContaining("io.rwx.sharemanager.failed.v2");
    }

    @Test
    void producersCannotBuildAnEventWithoutItsAttributes() {
        ShareManagerFailed data = failed.data();
        assertThatThrownBy(() -> CloudEvent.of(" ", "//src", Instant.EPOCH, data))
                .isInstanceOfSatisfying(MalformedEventException.class, e -> assertThat(e.field()).isEqualTo("id"));
        assertThatThrownBy(() -> new ShareManagerFailed("v1", null, null, null, null, null))
                .isInstanceOfSatisfying(MalformedEventException.class, e -> assertThat(e.field()).isEqualTo("reason"));
    }

    private static String text(Map<String, byte[]> headers, String name) {
        return new String(headers.get(name), StandardCharsets.UTF_8);
    }
}
