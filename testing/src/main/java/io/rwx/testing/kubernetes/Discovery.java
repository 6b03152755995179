package io.rwx.testing.kubernetes;

import io.fabric8.kubernetes.api.model.APIGroupBuilder;
import io.fabric8.kubernetes.api.model.APIGroupListBuilder;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceBuilder;
import io.fabric8.kubernetes.api.model.APIResourceListBuilder;
import io.fabric8.kubernetes.api.model.APIVersionsBuilder;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscoveryBuilder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The discovery documents kubectl reads before it does anything ({@code /api}, {@code /apis},
 * {@code /api/v1}, {@code /apis/<group>/<version>}): the fabric8 mock server in CRUD mode stores objects but does
 * not describe its API, so {@link ApiServer} serves these for the kinds the system, the tests and the demo use.
 */
public final class Discovery {

    private static final List<String> VERBS = List.of("create", "delete", "deletecollection", "get", "list", "patch",
            "update", "watch");

    private Discovery() {
    }

    /** Discovery documents by request path (without query), as JSON. */
    public static Map<String, String> documents() {
        Map<String, String> docs = new LinkedHashMap<>();
        register(new Sink() {
            @Override
            public void serve(String path, Object body) {
                docs.put(path, io.fabric8.kubernetes.client.utils.Serialization.asJson(body));
            }
        });
        return docs;
    }

    interface Sink {
        void serve(String path, Object body);
    }

    static void register(Sink server) {
        Map<String, List<APIResource>> groups = new LinkedHashMap<>();
        groups.put("v1", List.of(
                resource("pods", "Pod", true, "po"), resource("services", "Service", true, "svc"),
                resource("namespaces", "Namespace", false, "ns"), resource("nodes", "Node", false, "no"),
                resource("events", "Event", true, "ev"), resource("persistentvolumes", "PersistentVolume", false, "pv"),
                resource("persistentvolumeclaims", "PersistentVolumeClaim", true, "pvc"),
                resource("configmaps", "ConfigMap", true, "cm"), resource("secrets", "Secret", true),
                resource("serviceaccounts", "ServiceAccount", true, "sa"),
                resource("pods/status", "Pod", true), resource("nodes/status", "Node", false)));
        groups.put("apps/v1", List.of(resource("deployments", "Deployment", true, "deploy"),
                resource("replicasets", "ReplicaSet", true, "rs"), resource("statefulsets", "StatefulSet", true, "sts"),
                resource("daemonsets", "DaemonSet", true, "ds")));
        groups.put("batch/v1", List.of(resource("jobs", "Job", true), resource("jobs/status", "Job", true)));
        groups.put("coordination.k8s.io/v1", List.of(resource("leases", "Lease", true)));
        groups.put("policy/v1", List.of(resource("poddisruptionbudgets", "PodDisruptionBudget", true, "pdb")));
        groups.put("networking.k8s.io/v1", List.of(resource("networkpolicies", "NetworkPolicy", true, "netpol")));
        groups.put("rbac.authorization.k8s.io/v1", List.of(resource("roles", "Role", true),
                resource("rolebindings", "RoleBinding", true), resource("clusterroles", "ClusterRole", false),
                resource("clusterrolebindings", "ClusterRoleBinding", false)));
        groups.put("apiextensions.k8s.io/v1", List.of(resource("customresourcedefinitions", "CustomResourceDefinition",
                false, "crd", "crds")));
        groups.put("longhorn.io/v1beta2", List.of(resource("volumes", "Volume", true, "lhv"),
                resource("volumes/status", "Volume", true), resource("sharemanagers", "ShareManager", true, "lhsm"),
                resource("sharemanagers/status", "ShareManager", true), resource("settings", "Setting", true, "lhs")));

        server.serve("/api", new APIVersionsBuilder().withVersions("v1")
                .addNewServerAddressByClientCIDR().withClientCIDR("0.0.0.0/0").withServerAddress("127.0.0.1")
                .endServerAddressByClientCIDR().build());
        List<io.fabric8.kubernetes.api.model.APIGroup> apiGroups = new ArrayList<>();
        groups.forEach((gv, resources) -> {
            String path = gv.equals("v1") ? "/api/v1" : "/apis/" + gv;
            server.serve(path, new APIResourceListBuilder().withGroupVersion(gv).withResources(resources).build());
            if (!gv.equals("v1")) {
                String group = gv.substring(0, gv.indexOf('/'));
                String version = gv.substring(gv.indexOf('/') + 1);
                var discovered = new GroupVersionForDiscoveryBuilder().withGroupVersion(gv).withVersion(version).build();
                apiGroups.add(new APIGroupBuilder().withName(group).withVersions(discovered)
                        .withPreferredVersion(discovered).build());
                server.serve("/apis/" + group, apiGroups.get(apiGroups.size() - 1));
            }
        });
        server.serve("/apis", new APIGroupListBuilder().withGroups(apiGroups).build());
    }

    private static APIResource resource(String plural, String kind, boolean namespaced, String... shortNames) {
        return new APIResourceBuilder().withName(plural).withKind(kind).withNamespaced(namespaced)
                .withSingularName(plural.contains("/") ? "" : kind.toLowerCase()).withVerbs(VERBS)
                .withShortNames(shortNames).build();
    }
}
