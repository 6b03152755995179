package io.rwx.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Writes and reads CloudEvents 1.0 in Kafka <em>binary</em> content mode: every attribute is a {@code ce_*}
 * header (UTF-8), the data is the JSON record value, {@code content-type} says {@code application/json}.
 * <p>
 * Kafka-independent on purpose (this module depends on Jackson only): headers are a {@code Map<String, byte[]>}
 * on the way out and a header lookup on the way in, so any Kafka client can use it, e.g.
 * {@code codec.decode(name -> lastValue(record.headers(), name), record.value())}.
 * <p>
 * Decoding is strict about the contract (spec version, known type, RFC 3339 time, subject and key matching
 * the data, required data fields) and lenient about additions (unknown data fields are ignored), so producers
 * can add fields without breaking consumers.
 */
public final class CloudEventCodec {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    public static final String PARTITION_KEY = "ce_partitionkey";
    public static final String SEQUENCE = "ce_sequence";
    /** Extension attribute: who asked for what the event reports (see {@link CloudEvent#requestedBy()}). */
    public static final String REQUESTED_BY = "ce_requestedby";
    public static final String CONTENT_TYPE = "content-type";

    private final ObjectMapper mapper;

    public CloudEventCodec() {
        this(defaultMapper());
    }

    public CloudEventCodec(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The mapper the contract is written with: ISO-8601 instants, no nulls, unknown fields tolerated. */
    public static ObjectMapper defaultMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }

    public ObjectMapper mapper() {
        return mapper;
    }

    /** The binary-mode headers of an event, in a stable order. */
    public Map<String, byte[]> headers(CloudEvent<?> event) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        headers.put(SPEC_VERSION, utf8(CloudEvent.SPEC_VERSION));
        headers.put(ID, utf8(event.id()));
        headers.put(TYPE, utf8(event.type().type()));
        headers.put(SOURCE, utf8(event.source()));
        headers.put(SUBJECT, utf8(event.subject()));
        headers.put(TIME, utf8(event.time().toString()));
        headers.put(PARTITION_KEY, utf8(event.partitionKey()));
        if (event.sequence() != null) {
            headers.put(SEQUENCE, utf8(Long.toString(event.sequence())));
        }
        if (event.requestedBy() != null) {
            headers.put(REQUESTED_BY, utf8(event.requestedBy()));
        }
        headers.put(CONTENT_TYPE, utf8(CloudEvent.CONTENT_TYPE));
        return headers;
    }

    /** The Kafka record value: the JSON of the data. */
    public byte[] value(CloudEvent<?> event) {
        try {
            return mapper.writeValueAsBytes(event.data());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise data of " + event.type().type(), e);
        }
    }

    public CloudEvent<?> decode(Map<String, byte[]> headers, byte[] value) {
        return decode(headers::get, value);
    }

    /**
     * Reads an event from its headers (looked up by name; for repeated headers pass the last one) and value.
     *
     * @throws UnknownEventTypeException if {@code ce_type} is well-formed but not in this catalogue
     * @throws MalformedEventException   naming the attribute or data field that breaks the contract
     */
    public CloudEvent<?> decode(Function<String, byte[]> header, byte[] value) {
        String specVersion = required(header, SPEC_VERSION);
        if (!CloudEvent.SPEC_VERSION.equals(specVersion)) {
            throw new MalformedEventException(SPEC_VERSION,
                    "ce_specversion '" + specVersion + "' is not supported, expected 1.0");
        }
        String typeName = required(header, TYPE);
        EventType type = EventType.fromType(typeName).orElseThrow(() -> new UnknownEventTypeException(typeName));
        String id = required(header, ID);
        String source = required(header, SOURCE);
        String subject = required(header, SUBJECT);
        Instant time = parseTime(required(header, TIME));
        String partitionKey = required(header, PARTITION_KEY);
        Long sequence = parseSequence(optional(header, SEQUENCE));
        String contentType = optional(header, CONTENT_TYPE);
        if (contentType != null && !contentType.toLowerCase().startsWith(CloudEvent.CONTENT_TYPE)) {
            throw new MalformedEventException(CONTENT_TYPE,
                    "content-type must be application/json, was '" + contentType + "'");
        }
        EventData data = readData(type, value);
        if (!subject.equals(data.subject())) {
            throw new MalformedEventException(SUBJECT, "ce_subject '" + subject + "' does not match the data's '"
                    + data.subject() + "'");
        }
        if (!partitionKey.equals(data.partitionKey())) {
            throw new MalformedEventException(PARTITION_KEY, "ce_partitionkey '" + partitionKey
                    + "' does not match the data's '" + data.partitionKey() + "'");
        }
        return new CloudEvent<>(id, source, type, subject, time, partitionKey, sequence, data,
                optional(header, REQUESTED_BY));
    }

    /** Reads the data of a known type, naming the offending field (as {@code data.<path>}) on failure. */
    public EventData readData(EventType type, byte[] value) {
        if (value == null || value.length == 0) {
            throw new MalformedEventException("data", type.type() + " has no data");
        }
        try {
            return mapper.readValue(value, type.dataClass());
        } catch (JsonMappingException e) {
            throw malformedData(type, e);
        } catch (JsonProcessingException e) {
            throw new MalformedEventException("data", type.type() + ": data is not valid JSON: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new MalformedEventException("data", type.type() + ": data cannot be read: " + e.getMessage(), e);
        }
    }

    private static MalformedEventException malformedData(EventType type, JsonMappingException e) {
        StringBuilder path = new StringBuilder("data");
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append('.').append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        Throwable cause = e.getCause();
        String detail = e.getOriginalMessage();
        if (cause instanceof MalformedEventException m) {
            // thrown by a record's constructor: the path points at the record, the exception names the field
            path.append('.').append(m.field());
            detail = m.getMessage();
        } else if (detail != null && detail.startsWith("Missing required creator property")) {
            String missing = detail.replaceAll("(?s)^Missing required creator property '([^']*)'.*$", "$1");
            if (!path.toString().endsWith("." + missing)) {
                path.append('.').append(missing);
            }
            detail = "required field '" + missing + "' is missing";
        }
        String field = path.toString();
        return new MalformedEventException(field, type.type() + ": invalid " + field + ": " + firstLine(detail), e);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static String required(Function<String, byte[]> header, String name) {
        String value = optional(header, name);
        if (value == null || value.isBlank()) {
            throw new MalformedEventException(name, "required CloudEvents header '" + name + "' is missing or empty");
        }
        return value;
    }

    private static String optional(Function<String, byte[]> header, String name) {
        byte[] raw = header.apply(name);
        return raw == null ? null : new String(raw, StandardCharsets.UTF_8);
    }

    private static Instant parseTime(String value) {
        try {
            return java.time.OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new MalformedEventException(TIME, "ce_time '" + value + "' is not an RFC 3339 timestamp", e);
        }
    }

    private static Long parseSequence(String value) {
        if (value == null) {
            return null;
        }
        try {
            long seq = Long.parseLong(value);
            if (seq < 0) {
                throw new NumberFormatException("negative");
            }
            return seq;
        } catch (NumberFormatException e) {
            throw new MalformedEventException(SEQUENCE, "ce_sequence '" + value
                    + "' is not a non-negative decimal integer", e);
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
