package io.rwx.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Longhorn objects as longhorn-manager writes them, with the many fields this project does not model, created
 * raw (no class of ours in between), and the means to prove that a write of ours left every one of them as it was.
 */
public final class LonghornObjects {

    public static final ResourceDefinitionContext VOLUMES = new ResourceDefinitionContext.Builder()
            .withGroup("longhorn.io").withVersion("v1beta2").withPlural("volumes").withKind("Volume").withNamespaced(true)
            .build();
    public static final ResourceDefinitionContext SHARE_MANAGERS = new ResourceDefinitionContext.Builder()
            .withGroup("longhorn.io").withVersion("v1beta2").withPlural("sharemanagers").withKind("ShareManager")
            .withNamespaced(true).build();

    private LonghornObjects() {
    }

    /**
     * Creates a full Longhorn Volume {@code name} (access mode {@code rwo}, detached) and sets its status as
     * longhorn-manager would (status is a subresource: what a create carries is dropped).
     */
    public static GenericKubernetesResource createVolume(KubernetesClient client, String name) {
        GenericKubernetesResource volume = read("longhorn-volume-v1beta2.yaml", name);
        Object status = volume.getAdditionalProperties().get("status");
        GenericKubernetesResource created = client.genericKubernetesResources(VOLUMES).inNamespace(Fixtures.SYSTEM_NAMESPACE)
                .resource(volume).create();
        client.genericKubernetesResources(VOLUMES).inNamespace(Fixtures.SYSTEM_NAMESPACE).withName(name)
                .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                        Serialization.asJson(Map.of("status", status)));
        return get(client, VOLUMES, name);
    }

    /** Creates a ShareManager {@code name} owned by the volume, with fields this project does not model. */
    public static GenericKubernetesResource createShareManager(KubernetesClient client, String name, String volumeUid) {
        GenericKubernetesResource sm = read("longhorn-sharemanager-v1beta2.yaml", name);
        sm.getMetadata().setOwnerReferences(java.util.List.of(new OwnerReferenceBuilder().withApiVersion("longhorn.io/v1beta2")
                .withKind("Volume").withName(name).withUid(volumeUid).withController(true).build()));
        Object status = sm.getAdditionalProperties().get("status");
        client.genericKubernetesResources(SHARE_MANAGERS).inNamespace(Fixtures.SYSTEM_NAMESPACE).resource(sm).create();
        client.genericKubernetesResources(SHARE_MANAGERS).inNamespace(Fixtures.SYSTEM_NAMESPACE).withName(name)
                .subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                        Serialization.asJson(Map.of("status", status)));
        return get(client, SHARE_MANAGERS, name);
    }

    public static GenericKubernetesResource get(KubernetesClient client, ResourceDefinitionContext kind, String name) {
        return client.genericKubernetesResources(kind).inNamespace(Fixtures.SYSTEM_NAMESPACE).withName(name).get();
    }

    /**
     * Every leaf of the object ({@code spec.diskSelector[1] = fast}), except the paths that are written on purpose:
     * the bookkeeping metadata the API server changes on every write, and {@code owned} (paths, or prefixes of
     * paths, that the writers own).
     */
    public static Map<String, String> fieldsExcept(GenericKubernetesResource object, Set<String> owned) {
        JsonNode tree = Serialization.jsonMapper().valueToTree(object);
        Map<String, String> leaves = new TreeMap<>();
        collect("", tree, leaves);
        leaves.keySet().removeIf(path -> path.startsWith("metadata.resourceVersion")
                || path.startsWith("metadata.generation") || path.startsWith("metadata.managedFields")
                || owned.stream().anyMatch(o -> path.equals(o) || path.startsWith(o + ".") || path.startsWith(o + "[")));
        return leaves;
    }

    private static void collect(String prefix, JsonNode node, Map<String, String> out) {
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                collect(prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey(), e.getValue(), out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                collect(prefix + "[" + i + "]", node.get(i), out);
            }
        } else {
            out.put(prefix, node.asText());
        }
    }

    private static GenericKubernetesResource read(String file, String name) {
        try (InputStream in = LonghornObjects.class.getResourceAsStream(file)) {
            if (in == null) {
                throw new IllegalStateException(file + " is missing from the test kit");
            }
            String yaml = new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("NAME", name);
            return Serialization.unmarshal(yaml, GenericKubernetesResource.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
