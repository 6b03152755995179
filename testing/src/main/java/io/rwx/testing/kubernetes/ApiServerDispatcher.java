package io.rwx.testing.kubernetes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.fabric8.mockwebserver.crud.AttributeSet;
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
 *   <li>A deletion gets a resourceVersion of its own, and a watch resuming from before a deletion of its type is
 *       answered 410 Gone, so the client lists again instead of keeping the deleted object
 *       ({@link #resumedWatch}).</li>
 *   <li>{@code TokenReview} and {@code SubjectAccessReview} are answered from an {@link AccessPolicy}.</li>
 *   <li>kubectl's discovery documents are served, and every answer is labelled JSON.</li>
 *   <li>Every request is recorded (method, path, user agent, the user its token maps to, status), and faults
 *       can be injected ({@link ApiFaults}).</li>
 * </ul>
 */
final class ApiServerDispatcher extends Dispatcher {

    /** Per resource type: the resourceVersion of its newest deletion (see {@link #resumedWatch}). */
    private final Map<String, Long> lastDeletion = new java.util.concurrent.ConcurrentHashMap<>();
    private final KubernetesCrudDispatcher crud = new KubernetesCrudDispatcher() {
        @Override
        public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
                GenericKubernetesResource resource, String newState) {
            if (newState == null && oldAttributes != null && map.containsKey(oldAttributes)) {
                // a deletion is a write with a resourceVersion of its own, which its DELETED event carries, as on a
                // real API server (the mock kept the object's last one, so a client could not tell what it missed)
                ObjectNode deleted = (ObjectNode) Serialization.unmarshal(map.get(oldAttributes), JsonNode.class);
                long version = requestResourceVersion();
                ((ObjectNode) deleted.path("metadata")).put("resourceVersion", String.valueOf(version));
                map.put(oldAttributes, Serialization.asJson(deleted));
                lastDeletion.merge(IndexedStore.typeOfKey(oldAttributes), version, Math::max);
            }
            super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
        }
    };
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
        if ("GET".equals(method) && WATCH.matcher(request.getPath()).find()) {
            synchronized (writes) { // no deletion between the check and the watch's registration
                MockResponse gone = resumedWatch(request.getPath());
                return gone != null ? gone : crud.dispatch(request);
            }
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

    /**
     * A watch that resumes from a resourceVersion older than a deletion of its type: 410 Gone (an ERROR event, as a
     * real API server sends it), so the client lists again. A real API server replays the events since that version
     * from its watch cache (410 once they have left it); fabric8's mock sends a new watch the objects that exist (as
     * ADDED), which covers what was created or changed in the meantime but not what was deleted: an informer whose
     * watch ended (a real API server ends each after its timeout) kept every object deleted in the gap for good.
     */
    private MockResponse resumedWatch(String fullPath) {
        java.util.regex.Matcher version = RESOURCE_VERSION.matcher(fullPath);
        if (!version.find()) {
            return null;
        }
        long from;
        try {
            from = Long.parseLong(version.group(1));
        } catch (NumberFormatException e) {
            return null;
        }
        String type = IndexedStore.typeOfQuery(attributes.fromPath(fullPath));
        long deleted = type != null ? lastDeletion.getOrDefault(type, 0L)
                : lastDeletion.values().stream().mapToLong(Long::longValue).max().orElse(0);
        if (from == 0 || from >= deleted) {
            return null;
        }
        // one line per expired watch (the cluster's log in the local stack): how often clients had to list again
        System.err.printf("[api server] a watch of %s resumed from resourceVersion %d, before a deletion (%d): 410 Gone%n",
                fullPath.substring(0, fullPath.indexOf('?')), from, deleted);
        String event = "{\"type\":\"ERROR\",\"object\":" + new String(status(410, "Expired",
                "too old resource version: " + from + " (" + deleted + ")").getBody().getBytes(), StandardCharsets.UTF_8) + "}";
        return new MockResponse().withWebSocketUpgrade(new io.fabric8.mockwebserver.http.WebSocketListener() {
            @Override
            public void onOpen(io.fabric8.mockwebserver.http.WebSocket socket, io.fabric8.mockwebserver.http.Response response) {
                socket.send(event);
                socket.close(1000, "too old resource version");
            }
        });
    }

    private static final java.util.regex.Pattern WATCH = java.util.regex.Pattern.compile("[?&]watch=(true|1)(&|$)");
    private static final java.util.regex.Pattern RESOURCE_VERSION = java.util.regex.Pattern.compile("[?&]resourceVersion=([^&]+)");

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

    /**
     * Ends every open watch, as a real API server does when a watch's {@code timeoutSeconds} run out (every few
     * minutes) or a proxy drops an idle connection: each client then resumes from the last resourceVersion it saw.
     */
    int endWatches() {
        int ended = 0;
        try {
            java.lang.reflect.Field listeners = KubernetesCrudDispatcher.class.getDeclaredField("watchEventListeners");
            listeners.setAccessible(true);
            for (Object listener : List.copyOf((java.util.Set<?>) listeners.get(crud))) {
                java.lang.reflect.Field ref = listener.getClass().getDeclaredField("webSocketRef");
                ref.setAccessible(true);
                Object socket = ((java.util.concurrent.atomic.AtomicReference<?>) ref.get(listener)).get();
                if (socket instanceof io.fabric8.mockwebserver.http.WebSocket webSocket
                        && webSocket.close(1000, "watch timeout")) {
                    ended++;
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("fabric8's mock server changed: cannot reach its watches", e);
        }
        return ended;
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
