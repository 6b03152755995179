package io.rwx.testing.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.http.Dispatcher;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Serves the in-memory API server: fabric8's CRUD dispatcher, plus what a real API server does that it does not.
 * <ul>
 *   <li>A {@code PUT} of a {@code /status} subresource carrying a stale {@code metadata.resourceVersion} is
 *       refused with 409 Conflict (the CRUD dispatcher compares the stored object with itself there and accepts
 *       any status write). Main-resource PUTs and merge PATCHes carrying a resourceVersion were already checked.
 *       Writes are serialised, so the check and the write are one step.</li>
 *   <li>{@code TokenReview} and {@code SubjectAccessReview} are answered from an {@link AccessPolicy}.</li>
 *   <li>kubectl's discovery documents are served, and every answer is labelled JSON.</li>
 *   <li>Every request is recorded (method, path, user agent, the user its token maps to, status), and faults
 *       can be injected ({@link ApiFaults}).</li>
 * </ul>
 */
final class ApiServerDispatcher extends Dispatcher {

    private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher();
    private final Map<String, String> discovery = Discovery.documents();
    private final Object writes = new Object();
    private final ApiServer server;

    private final io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor attributes =
            new io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor();

    ApiServerDispatcher(ApiServer server) {
        this.server = server;
        IndexedStore.install(crud); // requests cost what their type holds, not what the whole store holds
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
        byte[] body = request.getBody() == null ? new byte[0] : request.getBody().getBytes();
        String fullPath = request.getPath() == null ? "" : request.getPath();
        int q = fullPath.indexOf('?');
        String path = q < 0 ? fullPath : fullPath.substring(0, q);
        String query = q < 0 ? null : fullPath.substring(q + 1);
        String token = bearer(request.getHeader("Authorization"));
        String user = token == null ? null : server.policy().userOf(token);
        ApiRequest seen = new ApiRequest(Instant.now(), request.getMethod(), path, query,
                request.getHeader("User-Agent"), user, 0);

        MockResponse response;
        ApiFaults.Injected fault = server.faults().next(seen);
        if (fault != null && !fault.delay().isZero()) {
            sleep(fault.delay().toMillis());
        }
        if (fault != null && fault.status() != 0) {
            response = status(fault.status(), "Injected", "fault injected by the test");
        } else {
            RecordedRequest copied = copy(request, body);
            response = IndexedStore.scoped(attributes.fromPath(fullPath),
                    () -> answer(copied, path, new String(body, StandardCharsets.UTF_8)));
        }
        if (response.getWebSocketListener() == null && response.header("Content-Type") == null) {
            response.addHeader("Content-Type", "application/json");
        }
        server.record(new ApiRequest(seen.time(), seen.method(), path, query, seen.userAgent(), user,
                response.getWebSocketListener() != null ? 101 : response.code()));
        if (seen.isWrite() && response.code() / 100 == 2 && !"DELETE".equals(seen.method())) {
            for (String owner : blockingOwners(path, body)) {
                server.recordImplied(new ApiRequest(seen.time(), "PUT", owner + "/finalizers", IMPLIED, seen.userAgent(),
                        user, response.code()));
            }
        }
        return response;
    }

    /** The query of a request the API server authorizes implicitly, on behalf of the one that was sent. */
    static final String IMPLIED = "implied-by=OwnerReferencesPermissionEnforcement";

    /**
     * The owners an object is written with {@code blockOwnerDeletion: true} for. A real API server with the
     * OwnerReferencesPermissionEnforcement admission plugin (OpenShift, hardened clusters) allows that only to
     * whoever may update the owner's {@code finalizers} subresource; the mock records that check as an implied
     * {@code update <owner>/finalizers} request, so RBAC coverage sees it.
     */
    private static List<String> blockingOwners(String path, byte[] body) {
        if (body.length == 0 || body[0] != '{') {
            return List.of();
        }
        JsonNode object;
        try {
            object = Serialization.jsonMapper().readTree(body);
        } catch (java.io.IOException e) {
            return List.of();
        }
        String namespace = RequestInfo.of("POST", path, null).namespace();
        List<String> owners = new java.util.ArrayList<>();
        for (JsonNode ref : object.path("metadata").path("ownerReferences")) {
            if (!ref.path("blockOwnerDeletion").asBoolean(false)) {
                continue;
            }
            String apiVersion = ref.path("apiVersion").asText("");
            String prefix = apiVersion.contains("/") ? "/apis/" + apiVersion : "/api/" + apiVersion;
            String plural = ref.path("kind").asText("").toLowerCase(java.util.Locale.ROOT) + "s";
            owners.add(prefix + (namespace == null ? "" : "/namespaces/" + namespace) + "/" + plural + "/"
                    + ref.path("name").asText());
        }
        return owners;
    }

    private MockResponse answer(RecordedRequest request, String path, String body) {
        String method = request.getMethod();
        if ("GET".equals(method) && discovery.containsKey(path)) {
            return new MockResponse().setResponseCode(200).setBody(discovery.get(path));
        }
        if ("POST".equals(method) && path.equals("/apis/authentication.k8s.io/v1/tokenreviews")) {
            return tokenReview(body);
        }
        if ("POST".equals(method) && path.equals("/apis/authorization.k8s.io/v1/subjectaccessreviews")) {
            return accessReview(body);
        }
        if ("GET".equals(method) && path.matches("/api/v1/namespaces/[^/]+/pods/[^/]+/log")) {
            return podLog(path, request.getPath());
        }
        if ("GET".equals(method)) {
            return crud.dispatch(request);
        }
        synchronized (writes) {
            if ("PUT".equals(method) && path.endsWith("/status")) {
                MockResponse conflict = staleStatusWrite(path, body);
                if (conflict != null) {
                    return conflict;
                }
            }
            return crud.dispatch(request);
        }
    }

    /** A pod's log, as the kubelet serves it through the API server (text; {@code tailLines} honoured). */
    private MockResponse podLog(String path, String fullPath) {
        String[] p = path.split("/");
        Integer tail = null;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("[?&]tailLines=(\\d+)").matcher(fullPath);
        if (m.find()) {
            tail = Integer.parseInt(m.group(1));
        }
        String log = server.podLog(p[4], p[6], tail);
        if (log == null) {
            return status(404, "NotFound", "pods \"" + p[6] + "\" not found or has no log");
        }
        return new MockResponse().setResponseCode(200).addHeader("Content-Type", "text/plain").setBody(log);
    }

    /** A status PUT whose resourceVersion is not the stored one is a conflict, as on a real API server. */
    private MockResponse staleStatusWrite(String path, String body) {
        JsonNode update = Serialization.unmarshal(body, JsonNode.class);
        String basedOn = update == null ? "" : update.path("metadata").path("resourceVersion").asText("");
        if (basedOn.isEmpty()) {
            return null;
        }
        MockResponse current = crud.handleGet(path.substring(0, path.length() - "/status".length()));
        if (current.code() != 200) {
            return null;
        }
        JsonNode stored = Serialization.unmarshal(new String(current.getBody().getBytes(), StandardCharsets.UTF_8),
                JsonNode.class);
        String now = stored.path("metadata").path("resourceVersion").asText("");
        if (now.equals(basedOn)) {
            return null;
        }
        server.countConflict();
        return status(409, "Conflict", "Operation cannot be fulfilled on " + stored.path("kind").asText() + " \""
                + stored.path("metadata").path("name").asText() + "\": the object has been modified; please apply "
                + "your changes to the latest version and try again");
    }

    private MockResponse tokenReview(String body) {
        JsonNode review = Serialization.unmarshal(body, JsonNode.class);
        String token = review.path("spec").path("token").asText(null);
        ObjectNode status = Serialization.jsonMapper().createObjectNode();
        server.policy().authenticate(token).ifPresentOrElse(u -> {
            status.put("authenticated", true);
            ObjectNode user = status.putObject("user");
            user.put("username", u.name());
            user.put("uid", java.util.UUID.nameUUIDFromBytes(u.name().getBytes(StandardCharsets.UTF_8)).toString());
            u.groups().forEach(user.putArray("groups")::add);
        }, () -> {
            status.put("authenticated", false);
            status.put("error", "token not recognised");
        });
        ((ObjectNode) review).set("status", status);
        return new MockResponse().setResponseCode(201).setBody(Serialization.asJson(review));
    }

    private MockResponse accessReview(String body) {
        JsonNode review = Serialization.unmarshal(body, JsonNode.class);
        JsonNode spec = review.path("spec");
        JsonNode attrs = spec.path("resourceAttributes");
        boolean allowed = server.policy().allowed(spec.path("user").asText(null), attrs.path("verb").asText(null),
                attrs.path("group").asText(""), attrs.path("resource").asText(null),
                attrs.path("subresource").asText(null), attrs.path("namespace").asText(null),
                attrs.path("name").asText(null));
        ObjectNode status = Serialization.jsonMapper().createObjectNode();
        status.put("allowed", allowed);
        if (!allowed) {
            status.put("reason", "no RBAC rule of the test policy allows it");
        }
        ((ObjectNode) review).set("status", status);
        return new MockResponse().setResponseCode(201).setBody(Serialization.asJson(review));
    }

    static MockResponse status(int code, String reason, String message) {
        return new MockResponse().setResponseCode(code).setBody("{\"apiVersion\":\"v1\",\"kind\":\"Status\","
                + "\"status\":\"Failure\",\"message\":" + Serialization.asJson(message) + ",\"reason\":\"" + reason
                + "\",\"code\":" + code + "}");
    }

    private static RecordedRequest copy(RecordedRequest request, byte[] body) {
        return new RecordedRequest(request.getHttpVersion(), request.method(), request.getPath(), request.getHeaders(),
                new io.fabric8.mockwebserver.http.Buffer(body));
    }

    private static String bearer(String header) {
        return header != null && header.startsWith("Bearer ") ? header.substring(7).trim() : null;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
