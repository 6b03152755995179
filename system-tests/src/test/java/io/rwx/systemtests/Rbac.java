package io.rwx.systemtests;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The RBAC rules of rendered manifests, evaluated as the API server's RBAC authorizer does: a ServiceAccount may do
 * what a rule of a role bound to it allows: a ClusterRole through a ClusterRoleBinding anywhere, a Role or
 * ClusterRole through a RoleBinding in the binding's namespace only.
 */
final class Rbac {

    /** One verb on one group/resource[/subresource], granted in a scope (null: cluster-wide). */
    record Grant(String role, String group, String resource, String verb, String namespace, Set<String> names) {

        boolean allows(Request r) {
            return (group.equals("*") || group.equals(r.group()))
                    && (resource.equals("*") || resource.equals(r.resource()))
                    && (verb.equals("*") || verb.equals(r.verb()))
                    && (namespace == null || namespace.equals(r.namespace()))
                    && (names.isEmpty() || (r.name() != null && names.contains(r.name())));
        }

        @Override
        public String toString() {
            return verb + " " + (group.isEmpty() ? "core" : group) + "/" + resource
                    + (namespace == null ? " (cluster-wide)" : " in " + namespace)
                    + (names.isEmpty() ? "" : " names " + names) + " [" + role + "]";
        }
    }

    /** The attributes a request is authorized on; {@code resource} includes the subresource ({@code pods/status}). */
    record Request(String service, String verb, String group, String resource, String namespace, String name,
            String example) {

        @Override
        public String toString() {
            return verb + " " + (group.isEmpty() ? "core" : group) + "/" + resource
                    + (namespace == null ? " (cluster)" : " in " + namespace) + "   e.g. " + example;
        }
    }

    private final Map<String, List<Grant>> grantsByAccount;

    private Rbac(Map<String, List<Grant>> grantsByAccount) {
        this.grantsByAccount = grantsByAccount;
    }

    /** The grants of every ServiceAccount {@code <namespace>/<name>} in the manifests. */
    static Rbac of(List<JsonNode> objects) {
        Map<String, JsonNode> roles = new java.util.HashMap<>();
        for (JsonNode o : objects) {
            String kind = o.path("kind").asText();
            if (kind.equals("Role") || kind.equals("ClusterRole")) {
                roles.put(kind + "/" + o.path("metadata").path("namespace").asText("") + "/" + Manifests.name(o), o);
            }
        }
        Map<String, List<Grant>> grants = new java.util.TreeMap<>();
        for (JsonNode binding : objects) {
            String kind = binding.path("kind").asText();
            if (!kind.equals("RoleBinding") && !kind.equals("ClusterRoleBinding")) {
                continue;
            }
            String bindingNs = kind.equals("RoleBinding") ? binding.path("metadata").path("namespace").asText() : null;
            JsonNode ref = binding.path("roleRef");
            String refKind = ref.path("kind").asText();
            String key = refKind + "/" + (refKind.equals("Role") ? bindingNs : "") + "/" + ref.path("name").asText();
            JsonNode role = roles.get(key);
            if (role == null) {
                throw new AssertionError(Manifests.describe(binding) + " refers to " + key + ", which is not in the manifests");
            }
            for (JsonNode subject : binding.path("subjects")) {
                if (!subject.path("kind").asText().equals("ServiceAccount")) {
                    continue;
                }
                String account = subject.path("namespace").asText() + "/" + subject.path("name").asText();
                for (JsonNode rule : role.path("rules")) {
                    Set<String> names = new TreeSet<>();
                    rule.path("resourceNames").forEach(n -> names.add(n.asText()));
                    for (JsonNode g : rule.path("apiGroups")) {
                        for (JsonNode res : rule.path("resources")) {
                            for (JsonNode v : rule.path("verbs")) {
                                grants.computeIfAbsent(account, a -> new ArrayList<>()).add(new Grant(
                                        refKind + " " + ref.path("name").asText() + " via " + kind + " "
                                                + Manifests.name(binding),
                                        g.asText(), res.asText(), v.asText(), bindingNs, names));
                            }
                        }
                    }
                }
            }
        }
        return new Rbac(grants);
    }

    List<Grant> grantsOf(String account) {
        return grantsByAccount.getOrDefault(account, List.of());
    }

    Set<String> accounts() {
        return grantsByAccount.keySet();
    }

    boolean allowed(String account, Request request) {
        return grantsOf(account).stream().anyMatch(g -> g.allows(request));
    }

    static String lines(java.util.Collection<?> items) {
        return items.stream().map(Object::toString).collect(Collectors.joining("\n  ", "\n  ", ""));
    }
}
