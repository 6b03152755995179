package io.rwx.kit.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;

/**
 * A JSON merge patch (RFC 7386) of exactly the fields a service owns: everything not named here is left as the
 * API server has it, including fields our classes do not model. A {@code null} value removes the field. With
 * {@link #expectResourceVersion} the patch is conditional: the API server refuses it with 409 if the object
 * changed since it was read.
 */
public final class MergePatch {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode root = JsonNodeFactory.instance.objectNode();

    private MergePatch() {
    }

    public static MergePatch create() {
        return new MergePatch();
    }

    /** Sets {@code path} (dot-separated, e.g. {@code spec.nodeID}) to {@code value}; null removes it. */
    public MergePatch set(String path, Object value) {
        String[] parts = path.split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < parts.length - 1; i++) {
            node = node.has(parts[i]) ? (ObjectNode) node.get(parts[i]) : node.putObject(parts[i]);
        }
        node.set(parts[parts.length - 1], value == null ? JsonNodeFactory.instance.nullNode() : JSON.valueToTree(value));
        return this;
    }

    /** Sets (or with null removes) one annotation. */
    public MergePatch annotation(String key, String value) {
        ObjectNode metadata = root.has("metadata") ? (ObjectNode) root.get("metadata") : root.putObject("metadata");
        ObjectNode annotations = metadata.has("annotations") ? (ObjectNode) metadata.get("annotations")
                : metadata.putObject("annotations");
        annotations.set(key, value == null ? JsonNodeFactory.instance.nullNode() : JsonNodeFactory.instance.textNode(value));
        return this;
    }

    /** Applies only if the object still has this resourceVersion (else 409 Conflict). */
    public MergePatch expectResourceVersion(String resourceVersion) {
        if (resourceVersion != null) {
            set("metadata.resourceVersion", resourceVersion);
        }
        return this;
    }

    public boolean isEmpty() {
        return root.isEmpty();
    }

    public JsonNode tree() {
        return root.deepCopy();
    }

    public String json() {
        return root.toString();
    }

    /** The paths it sets, for logs and tests: {@code {spec.nodeID=node-2, ...}}. */
    public Map<String, Object> fields() {
        Map<String, Object> out = new java.util.LinkedHashMap<>();
        collect("", root, out);
        return out;
    }

    private static void collect(String prefix, JsonNode node, Map<String, Object> out) {
        node.fields().forEachRemaining(e -> {
            String path = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
            if (e.getValue().isObject() && !e.getValue().isEmpty()) {
                collect(path, e.getValue(), out);
            } else {
                out.put(path, e.getValue().isNull() ? null : e.getValue().isTextual() ? e.getValue().asText()
                        : e.getValue().toString());
            }
        });
    }

    @Override
    public String toString() {
        return json();
    }
}
