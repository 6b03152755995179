package io.rwx.systemtests;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.strimzi.api.kafka.model.topic.KafkaTopic;
import io.strimzi.api.kafka.model.user.KafkaUser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code deploy/} as a user applies it: the base and each overlay render with {@code kubectl kustomize}; every
 * rendered object validates against the Kubernetes (and Prometheus Operator) schemas of kubernetes-models
 * ({@code tools/validate-manifests}), carries no field its kind does not have (read strictly into the fabric8 and
 * Strimzi models), and the pods meet Pod Security "restricted" with the probes, limits and image tags a cluster
 * admin expects.
 */
class DeployManifestsTest {

    static final Path VALIDATOR = Docker.REPO.resolve("tools/validate-manifests");
    static final Set<String> STRIMZI_KINDS = Set.of("KafkaTopic", "KafkaUser");

    @BeforeAll
    static void tools() {
        Manifests.assumeKubectl();
        Tools.assumeAvailable("node", List.of("node", "--version"), "nodejs");
        if (!Files.isDirectory(VALIDATOR.resolve("node_modules"))) {
            Tools.assumeAvailable("the schema validator's packages",
                    List.of("test", "-d", VALIDATOR.resolve("node_modules").toString()),
                    "npm (then: npm ci --prefix tools/validate-manifests)");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"deploy", "deploy/overlays/strimzi", "deploy/overlays/monitoring"})
    void rendersAndEveryObjectValidatesAgainstItsSchema(String dir) throws Exception {
        List<JsonNode> objects = Manifests.render(dir);
        assertThat(objects).as("objects rendered from %s", dir).isNotEmpty();
        Path json = Files.createTempFile("rwx-manifests", ".json");
        try {
            Files.writeString(json, new ObjectMapper().writeValueAsString(objects));
            Docker.Result r = Docker.run(Docker.REPO, 120, List.of("node", VALIDATOR.resolve("validate.mjs").toString(),
                    json.toString()));
            List<String> lines = Docker.lines(r);
            assertThat(lines.stream().filter(l -> l.startsWith("invalid"))).as("objects of %s against their schemas", dir)
                    .isEmpty();
            assertThat(r.exit()).as("the validator's exit status: %s", r.out()).isZero();
            assertThat(lines.stream().filter(l -> l.startsWith("unknown"))
                    .map(l -> l.split(" ")[1]).distinct()).as("kinds without a schema in kubernetes-models")
                    .allMatch(STRIMZI_KINDS::contains);
            assertThat(lines.stream().filter(l -> l.startsWith("ok"))).hasSize(objects.size()
                    - (int) objects.stream().filter(o -> STRIMZI_KINDS.contains(o.path("kind").asText())).count());
        } finally {
            Files.deleteIfExists(json);
        }
        for (JsonNode object : objects) {
            assertThat(unknownFields(object)).as("fields %s does not have", Manifests.describe(object)).isEmpty();
        }
    }

    @org.junit.jupiter.api.Test
    void servicePodsMeetPodSecurityRestrictedAndAreProbedAndSized() throws Exception {
        List<JsonNode> objects = Manifests.render("deploy");
        List<JsonNode> deployments = Manifests.ofKind(objects, "Deployment");
        assertThat(deployments).extracting(Manifests::name).containsExactlyInAnyOrderElementsOf(
                Docker.DEPLOYED.stream().map(s -> "rwx-" + s).toList());
        for (JsonNode d : deployments) {
            String service = Manifests.name(d).substring("rwx-".length());
            JsonNode pod = d.path("spec").path("template").path("spec");
            String what = Manifests.describe(d);
            assertThat(pod.path("securityContext").path("runAsNonRoot").asBoolean()).as("%s runAsNonRoot", what).isTrue();
            assertThat(pod.path("securityContext").path("seccompProfile").path("type").asText())
                    .as("%s seccompProfile", what).isEqualTo("RuntimeDefault");
            for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
                assertThat(pod.path(host).asBoolean(false)).as("%s %s", what, host).isFalse();
            }
            pod.path("volumes").forEach(v -> assertThat(v.has("hostPath")).as("%s hostPath volume", what).isFalse());
            assertThat(pod.path("containers")).hasSize(1);
            JsonNode c = pod.path("containers").get(0);
            JsonNode sc = c.path("securityContext");
            assertThat(sc.path("allowPrivilegeEscalation").asBoolean(true)).as("%s allowPrivilegeEscalation", what).isFalse();
            assertThat(sc.path("privileged").asBoolean(false)).as("%s privileged", what).isFalse();
            assertThat(sc.path("capabilities").path("drop").toString()).as("%s drops ALL capabilities", what).contains("\"ALL\"");
            assertThat(sc.path("capabilities").path("add").isMissingNode()).as("%s adds no capability", what).isTrue();
            assertThat(sc.path("runAsUser").asLong(pod.path("securityContext").path("runAsUser").asLong(0)))
                    .as("%s uid", what).isNotZero();
            assertThat(c.path("image").asText()).as("%s image", what).isEqualTo("rwx/" + service + ":" + Docker.VERSION);
            assertThat(c.path("startupProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/started");
            assertThat(c.path("readinessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/ready");
            assertThat(c.path("livenessProbe").path("httpGet").path("path").asText()).isEqualTo("/q/health/live");
            assertThat(c.path("resources").path("limits").path("memory").asText()).as("%s memory limit", what).isNotEmpty();
            assertThat(c.path("resources").path("requests").path("memory").asText()).as("%s memory request", what).isNotEmpty();
            assertThat(c.path("resources").path("requests").path("cpu").asText()).as("%s cpu request", what).isNotEmpty();
            assertThat(c.path("envFrom").toString()).as("%s takes rwx-config", what).contains("rwx-config");
            assertThat(c.path("ports").get(0).path("containerPort").asInt()).as("%s port (the image's)", what).isEqualTo(8080);
        }
        // every service pod is behind a NetworkPolicy (ingress only where docs/security.md says)
        List<JsonNode> policies = Manifests.ofKind(objects, "NetworkPolicy");
        for (JsonNode d : deployments) {
            String name = d.path("spec").path("template").path("metadata").path("labels").path("app.kubernetes.io/name").asText();
            assertThat(policies).as("a NetworkPolicy selecting %s", name).anySatisfy(p -> {
                assertThat(p.path("spec").path("policyTypes").toString()).contains("Ingress");
                assertThat(p.path("spec").path("podSelector").toString()).contains(name);
            });
        }
        JsonNode config = Manifests.ofKind(objects, "ConfigMap").stream()
                .filter(m -> Manifests.name(m).equals("rwx-config")).findFirst().orElseThrow();
        assertThat(config.path("data").path("JAVA_OPTS").asText()).as("JVM heap sized to the container")
                .contains("MaxRAMPercentage");
        JsonNode watcher = deployments.stream().filter(d -> Manifests.name(d).equals("rwx-volume-watcher")).findFirst()
                .orElseThrow();
        assertThat(watcher.path("spec").path("replicas").asInt()).isEqualTo(2);
        assertThat(Manifests.ofKind(objects, "PodDisruptionBudget")).singleElement().satisfies(pdb -> {
            assertThat(pdb.path("spec").path("minAvailable").asInt()).isEqualTo(1);
            assertThat(pdb.path("spec").path("selector")).isEqualTo(watcher.path("spec").path("selector"));
        });
    }

    /**
     * The README's "Deploying" sequence writes a kustomization over the Strimzi overlay that names the registry; it
     * renders, with every service image from that registry (the rest of the sequence needs a real cluster).
     */
    @org.junit.jupiter.api.Test
    void theReadmesDeploySequenceRenders() throws Exception {
        String readme = Files.readString(Docker.REPO.resolve("README.md"));
        String block = readme.substring(readme.indexOf("<!-- deploy:begin -->"), readme.indexOf("<!-- deploy:end -->"));
        java.util.regex.Matcher registry = java.util.regex.Pattern.compile("(?m)^REGISTRY=(\\S+)").matcher(block);
        assertThat(registry.find()).as("the README sets REGISTRY").isTrue();
        java.util.regex.Matcher heredoc = java.util.regex.Pattern
                .compile("cat > my-rwx/kustomization.yaml <<YAML\n(.*?)\nYAML\n", java.util.regex.Pattern.DOTALL).matcher(block);
        assertThat(heredoc.find()).as("the README writes my-rwx/kustomization.yaml").isTrue();
        assertThat(block).contains("kubectl apply -k my-rwx");
        String kustomization = heredoc.group(1).replace("$REGISTRY", registry.group(1));
        Path dir = Docker.REPO.resolve(".readme-deploy-check"); // beside deploy/, as my-rwx is
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("kustomization.yaml"), kustomization);
            List<JsonNode> objects = Manifests.render(dir.getFileName().toString());
            assertThat(Manifests.ofKind(objects, "Deployment")).hasSize(5).allSatisfy(d -> assertThat(
                    d.path("spec").path("template").path("spec").path("containers").get(0).path("image").asText())
                    .startsWith(registry.group(1) + "/").endsWith(":" + Docker.VERSION));
            assertThat(Manifests.ofKind(objects, "KafkaUser")).hasSize(5);
        } finally {
            Files.deleteIfExists(dir.resolve("kustomization.yaml"));
            Files.deleteIfExists(dir);
        }
    }

    /**
     * Fields the object's model does not know: read into the fabric8 class of its kind (or Strimzi's), whose
     * objects keep what they do not know in {@code additionalProperties}; empty means every field is real.
     */
    static List<String> unknownFields(JsonNode object) throws Exception {
        String kind = object.path("kind").asText();
        Object model;
        if (STRIMZI_KINDS.contains(kind)) {
            ObjectMapper strict = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
            Class<?> type = kind.equals("KafkaTopic") ? KafkaTopic.class : KafkaUser.class;
            model = strict.treeToValue(object, type);
        } else {
            model = Serialization.unmarshal(object.toString(), KubernetesResource.class);
            if (model instanceof io.fabric8.kubernetes.api.model.GenericKubernetesResource) {
                return List.of(); // a custom kind fabric8 does not model (PodMonitor, PrometheusRule): the schema check covers it
            }
        }
        List<String> unknown = new ArrayList<>();
        collect(model, kind, unknown, new IdentityHashMap<>());
        return unknown;
    }

    private static void collect(Object o, String path, List<String> unknown, Map<Object, Boolean> seen) throws Exception {
        if (o == null || seen.put(o, true) != null || o instanceof String || o instanceof Number || o instanceof Boolean
                || o instanceof Enum<?>) {
            return;
        }
        if (o instanceof Iterable<?> items) {
            int i = 0;
            for (Object item : items) {
                collect(item, path + "[" + i++ + "]", unknown, seen);
            }
            return;
        }
        if (o instanceof Map<?, ?> map) {
            for (var e : map.entrySet()) {
                collect(e.getValue(), path + "." + e.getKey(), unknown, seen);
            }
            return;
        }
        String pkg = o.getClass().getPackageName();
        if (!pkg.startsWith("io.fabric8.kubernetes.api.model") && !pkg.startsWith("io.strimzi.api")) {
            return;
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || !m.getName().startsWith("get") || m.getName().equals("getClass")) {
                continue;
            }
            Object value = m.invoke(o);
            if (m.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    extra.keySet().forEach(k -> unknown.add(path + "." + k));
                }
            } else {
                collect(value, path + "." + m.getName().substring(3), unknown, seen);
            }
        }
    }
}
