package io.rwx.testing.kubernetes;

import java.time.Instant;
import java.util.List;

/**
 * One request the in-memory API server answered, as an audit log would record it.
 *
 * @param userAgent who sent it: every rwx service identifies itself as {@code rwx-<service>/<version>}
 * @param user      the user its bearer token maps to, or null for an unknown or missing token
 * @param status    the HTTP status of the answer
 */
public record ApiRequest(Instant time, String method, String path, String query, String userAgent, String user,
        int status) {

    /** The Kubernetes request attributes of this request (what RBAC decides on). */
    public RequestInfo info() {
        return RequestInfo.of(method, path, query);
    }

    /** The service name of an {@code rwx-<service>/<version>} user agent, or null. */
    public String service() {
        if (userAgent == null || !userAgent.startsWith("rwx-")) {
            return null;
        }
        int slash = userAgent.indexOf('/');
        return userAgent.substring(4, slash < 0 ? userAgent.length() : slash);
    }

    public boolean isWrite() {
        return List.of("POST", "PUT", "PATCH", "DELETE").contains(method);
    }

    @Override
    public String toString() {
        return method + " " + path + (query == null ? "" : "?" + query) + " -> " + status + " (" + userAgent + ")";
    }
}
