package io.rwx.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The manifests of {@code deploy/} as a user applies them: rendered by {@code kubectl kustomize} (the base, or an
 * overlay), parsed into one JSON tree per object.
 */
final class Manifests {

    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private Manifests() {
    }

    /** Skips where kubectl is missing, unless CI requires every tool ({@code RWX_REQUIRE_TOOLS=1}). */
    static void assumeKubectl() {
        Tools.assumeAvailable("kubectl", List.of("kubectl", "version", "--client"), "kubernetes-client");
    }

    /** {@code kubectl kustomize <dir>}, relative to the repository. */
    static List<JsonNode> render(String dir) throws IOException {
        Docker.Result r = Docker.run(Docker.REPO, 120, List.of("kubectl", "kustomize", dir));
        r.ok("kubectl kustomize " + dir);
        return parse(r.out());
    }

    static List<JsonNode> parse(String yaml) throws IOException {
        List<JsonNode> objects = new ArrayList<>();
        try (MappingIterator<JsonNode> it = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            while (it.hasNext()) {
                JsonNode node = it.next();
                if (node != null && !node.isNull() && !node.isEmpty()) {
                    objects.add(node);
                }
            }
        }
        return objects;
    }

    static List<JsonNode> ofKind(List<JsonNode> objects, String kind) {
        return objects.stream().filter(o -> kind.equals(o.path("kind").asText())).toList();
    }

    static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    static String describe(JsonNode object) {
        String ns = object.path("metadata").path("namespace").asText("");
        return object.path("kind").asText() + " " + (ns.isEmpty() ? "" : ns + "/") + name(object);
    }

}
