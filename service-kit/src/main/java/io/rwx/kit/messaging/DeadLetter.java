package io.rwx.kit.messaging;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dead-letter copy of a record (pure): same key and headers plus the reason, the service that rejected it and
 * where it came from. A record too large to be produced again is dead-lettered as a truncated copy that says how
 * large it was, never dropped and never allowed to fail the channel.
 *
 * @param topic   {@code <topic>.dlq}
 * @param headers the original headers, then the {@code dead-letter-*} ones
 */
public record DeadLetter(String topic, String key, Map<String, byte[]> headers, byte[] value, boolean truncated) {

    public static final String REASON = "dead-letter-reason";
    public static final String CAUSE = "dead-letter-cause";
    public static final String SERVICE = "dead-letter-service";
    public static final String SOURCE_TOPIC = "dead-letter-topic";
    public static final String SOURCE_PARTITION = "dead-letter-partition";
    public static final String SOURCE_OFFSET = "dead-letter-offset";
    /** Present on a truncated copy: the original value's size in bytes. */
    public static final String TRUNCATED_FROM = "dead-letter-truncated-from";

    /** Bytes a record needs beyond key, value and headers (record and batch framing), with margin. */
    static final int FRAMING = 1024;
    static final int MAX_KEY = 1024;
    static final int MAX_HEADER_VALUE = 4096;

    /**
     * @param maxRecordBytes the producer's {@code max.request.size}: the copy always fits in it
     */
    public static DeadLetter of(ConsumerRecord<String, byte[]> record, String service, String reason, String cause,
            int maxRecordBytes) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        for (Header h : record.headers()) {
            if (!h.key().startsWith("dead-letter-")) {
                headers.put(h.key(), clip(h.value(), MAX_HEADER_VALUE));
            }
        }
        headers.put(REASON, clip(utf8(reason), MAX_HEADER_VALUE));
        if (cause != null) {
            headers.put(CAUSE, clip(utf8(cause), MAX_HEADER_VALUE));
        }
        headers.put(SERVICE, utf8(service));
        headers.put(SOURCE_TOPIC, utf8(record.topic()));
        headers.put(SOURCE_PARTITION, utf8(Integer.toString(record.partition())));
        headers.put(SOURCE_OFFSET, utf8(Long.toString(record.offset())));
        String key = record.key() == null || record.key().length() <= MAX_KEY ? record.key()
                : record.key().substring(0, MAX_KEY);
        byte[] value = record.value() == null ? new byte[0] : record.value();
        int room = maxRecordBytes - FRAMING - size(headers) - (key == null ? 0 : utf8(key).length) - 64;
        boolean truncated = value.length > room;
        if (truncated) {
            headers.put(TRUNCATED_FROM, utf8(Integer.toString(value.length)));
            value = Arrays.copyOf(value, Math.max(0, room));
        }
        return new DeadLetter(record.topic() + ".dlq", key, headers, value, truncated);
    }

    private static int size(Map<String, byte[]> headers) {
        return headers.entrySet().stream().mapToInt(e -> utf8(e.getKey()).length + e.getValue().length + 8).sum();
    }

    private static byte[] clip(byte[] bytes, int max) {
        return bytes == null ? new byte[0] : bytes.length <= max ? bytes : Arrays.copyOf(bytes, max);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
