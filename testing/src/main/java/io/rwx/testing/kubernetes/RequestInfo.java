package io.rwx.testing.kubernetes;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * The attributes Kubernetes authorizes a request on, resolved from its method and path the way the API server's
 * request-info resolver does: verb ({@code get, list, watch, create, update, patch, delete, deletecollection}),
 * API group, resource, subresource, namespace, name; or a non-resource URL such as {@code /version}.
 */
public record RequestInfo(String verb, String group, String resource, String subresource, String namespace,
        String name, String nonResourcePath) {

    public boolean isResource() {
        return nonResourcePath == null;
    }

    /** {@code verb group/resource[/subresource] [ns]}, for messages. */
    public String describe() {
        if (!isResource()) {
            return verb + " " + nonResourcePath;
        }
        return verb + " " + (group.isEmpty() ? "core" : group) + "/" + resource
                + (subresource == null ? "" : "/" + subresource) + (namespace == null ? " (cluster)" : " in " + namespace);
    }

    public static RequestInfo of(String method, String path, String query) {
        String clean = path.replaceFirst("\\?.*$", "");
        String[] parts = clean.replaceAll("^/+|/+$", "").split("/");
        String verbForNonResource = method.toLowerCase();
        int i;
        String group;
        if (parts.length >= 2 && parts[0].equals("api")) {
            group = "";
            i = 2;
        } else if (parts.length >= 3 && parts[0].equals("apis")) {
            group = parts[1];
            i = 3;
        } else {
            return new RequestInfo(verbForNonResource, null, null, null, null, null, clean);
        }
        if (i >= parts.length) {
            return new RequestInfo(verbForNonResource, null, null, null, null, null, clean); // discovery
        }
        String namespace = null;
        if (parts[i].equals("namespaces") && parts.length > i + 2) {
            namespace = decode(parts[i + 1]);
            i += 2;
        }
        String resource = parts[i];
        String name = parts.length > i + 1 ? decode(parts[i + 1]) : null;
        String subresource = parts.length > i + 2 ? parts[i + 2] : null;
        if (resource.equals("namespaces") && namespace == null && name != null) {
            namespace = name; // a namespace object is in its own namespace for RBAC
        }
        boolean watch = query != null && query.contains("watch=true");
        String verb = switch (method) {
            case "GET" -> watch ? "watch" : name == null ? "list" : "get";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> name == null ? "deletecollection" : "delete";
            default -> method.toLowerCase();
        };
        return new RequestInfo(verb, group, resource, subresource, namespace, name, null);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }
}
