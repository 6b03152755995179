package io.rwx.events;

import com.fasterxml.jackson.annotation.JsonClassDescription;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Derives the published contract files (JSON Schemas, AsyncAPI) from the payload records, so the documents an
 * integrator reads cannot drift from the code. {@link ContractFilesTest} fails when the committed files differ
 * from what this produces; run the build with {@code -Dcontract.update=true} to rewrite them after an
 * (additive!) change.
 */
final class ContractGenerator {

    static final String SCHEMA_BASE = "https://rwx.io/schemas/";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ContractGenerator() {
    }

    static ObjectNode schema(EventType type) {
        ObjectNode root = NODES.objectNode();
        root.put("$schema", "https://json-schema.org/draft/2020-12/schema");
        root.put("$id", SCHEMA_BASE + type.type() + ".json");
        root.put("title", type.type());
        root.setAll(objectSchema(type.dataClass()));
        return root;
    }

    private static ObjectNode objectSchema(Class<?> recordClass) {
        ObjectNode node = NODES.objectNode();
        JsonClassDescription classDescription = recordClass.getAnnotation(JsonClassDescription.class);
        if (classDescription != null) {
            node.put("description", classDescription.value());
        }
        node.put("type", "object");
        ArrayNode required = NODES.arrayNode();
        ObjectNode properties = NODES.objectNode();
        for (RecordComponent component : recordClass.getRecordComponents()) {
            ObjectNode property = typeSchema(component.getGenericType());
            JsonPropertyDescription description = component.getAccessor().getAnnotation(JsonPropertyDescription.class);
            if (description != null) {
                property.put("description", description.value());
            }
            properties.set(component.getName(), property);
            JsonProperty jsonProperty = component.getAccessor().getAnnotation(JsonProperty.class);
            if (jsonProperty != null && jsonProperty.required()) {
                required.add(component.getName());
            }
        }
        if (!required.isEmpty()) {
            node.set("required", required);
        }
        node.set("properties", properties);
        // additive evolution: producers may add fields, consumers ignore what they do not know
        node.put("additionalProperties", true);
        return node;
    }

    private static ObjectNode typeSchema(Type type) {
        ObjectNode node = NODES.objectNode();
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            node.put("type", "array");
            node.set("items", typeSchema(p.getActualTypeArguments()[0]));
            return node;
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            node.put("type", "string");
        } else if (c == Instant.class) {
            node.put("type", "string");
            node.put("format", "date-time");
        } else if (c == boolean.class || c == Boolean.class) {
            node.put("type", "boolean");
        } else if (c == int.class || c == long.class || c == Integer.class || c == Long.class) {
            node.put("type", "integer");
            node.put("minimum", 0);
        } else if (c == double.class || c == Double.class) {
            node.put("type", "number");
            node.put("minimum", 0);
        } else if (c.isEnum()) {
            node.put("type", "string");
            ArrayNode values = node.putArray("enum");
            Arrays.stream(c.getFields()).filter(java.lang.reflect.Field::isEnumConstant)
                    .forEach(f -> values.add(f.getAnnotation(JsonProperty.class).value()));
        } else if (c.isRecord()) {
            return objectSchema(c);
        } else {
            throw new IllegalArgumentException("no JSON Schema mapping for " + c);
        }
        return node;
    }

    static String asyncApi() {
        StringBuilder y = new StringBuilder();
        y.append("# Generated from the payload records by ContractGenerator (events module tests). Do not edit by hand:\n");
        y.append("# change the records, then run ./mvnw -pl events verify -Dcontract.update=true\n");
        y.append("asyncapi: 3.0.0\n");
        y.append("info:\n");
        y.append("  title: RWX share control plane events\n");
        y.append("  version: 1.0.0\n");
        y.append("  description: |\n");
        y.append("    CloudEvents 1.0 in Kafka binary content mode: attributes are ce_* headers, the data is the JSON\n");
        y.append("    record value. The record key equals ce_partitionkey. Every topic has a <topic>.dlq dead-letter topic.\n");
        y.append("    Topic names are the defaults; deployments may rename them.\n");
        y.append("defaultContentType: application/json\n");
        y.append("channels:\n");
        for (Topic topic : Topic.values()) {
            y.append("  ").append(channelId(topic)).append(":\n");
            y.append("    address: ").append(topic.defaultName()).append('\n');
            y.append("    description: 'Kafka key: ").append(topic.keyDescription()).append("'\n");
            y.append("    messages:\n");
            for (EventType type : EventType.values()) {
                if (type.topic() == topic) {
                    y.append("      ").append(messageId(type)).append(":\n");
                    y.append("        $ref: '#/components/messages/").append(messageId(type)).append("'\n");
                }
            }
        }
        y.append("operations:\n");
        for (Topic topic : Topic.values()) {
            y.append("  publish-").append(channelId(topic)).append(":\n");
            y.append("    action: send\n");
            y.append("    channel:\n");
            y.append("      $ref: '#/channels/").append(channelId(topic)).append("'\n");
        }
        y.append("components:\n");
        y.append("  messageTraits:\n");
        y.append("    cloudEventsBinary:\n");
        y.append("      headers:\n");
        y.append("        type: object\n");
        y.append("        required: [ce_specversion, ce_id, ce_type, ce_source, ce_subject, ce_time, ce_partitionkey]\n");
        y.append("        properties:\n");
        Map<String, String> headers = new TreeMap<>(Map.of(
                "ce_specversion", "Always 1.0",
                "ce_id", "Unique per source; deterministic when derived from state",
                "ce_type", "io.rwx.<entity>.<what>.v<N>",
                "ce_source", "URI-reference naming the cluster and the producer, e.g. //rwx/<cluster>/<service>",
                "ce_subject", "The volume (node for node events, <namespace>/<target PVC> for migrations)",
                "ce_time", "RFC 3339: when the change happened",
                "ce_partitionkey", "Equals the Kafka record key",
                "ce_sequence", "Optional per-subject sequence of the producer (decimal)",
                "content-type", "application/json"));
        headers.forEach((name, description) -> {
            y.append("          ").append(name).append(":\n");
            y.append("            type: string\n");
            y.append("            description: '").append(description).append("'\n");
        });
        y.append("  messages:\n");
        for (EventType type : EventType.values()) {
            y.append("    ").append(messageId(type)).append(":\n");
            y.append("      name: ").append(type.type()).append('\n');
            y.append("      title: ").append(type.type()).append('\n');
            JsonClassDescription d = type.dataClass().getAnnotation(JsonClassDescription.class);
            if (d != null) {
                y.append("      summary: '").append(d.value().replace("'", "''")).append("'\n");
            }
            y.append("      traits:\n");
            y.append("        - $ref: '#/components/messageTraits/cloudEventsBinary'\n");
            y.append("      payload:\n");
            y.append("        schemaFormat: application/schema+json;version=draft-2020-12\n");
            y.append("        schema:\n");
            y.append("          $ref: './src/main/resources/").append(type.schemaResource()).append("'\n");
        }
        return y.toString();
    }

    private static String channelId(Topic topic) {
        return topic.defaultName().replace('.', '-');
    }

    private static String messageId(EventType type) {
        return type.type().substring("io.rwx.".length()).replace('.', '-');
    }
}
