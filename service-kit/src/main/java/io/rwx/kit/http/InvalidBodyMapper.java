package io.rwx.kit.http;

import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A request body the API cannot read is a 400 that says why: an unknown property is named (with the known ones),
 * a value of the wrong type or refused by the model names its field. Bodies are size-capped by
 * {@code quarkus.http.limits.max-body-size} before they get here (413).
 */
public abstract class InvalidBodyMapper<E extends JsonMappingException> implements ExceptionMapper<E> {

    /** An unknown property, or a value of the wrong type (Quarkus' own mapper would answer without a reason). */
    @Provider
    public static class Mismatched extends InvalidBodyMapper<com.fasterxml.jackson.databind.exc.MismatchedInputException> {
    }

    /** A value the model refused (e.g. a root uid as {@code runAsUser}). */
    @Provider
    public static class Refused extends InvalidBodyMapper<com.fasterxml.jackson.databind.exc.ValueInstantiationException> {
    }

    /**
     * The JSON reader wraps some failures (a value the model's constructor refused) in a 400 without a body: answer
     * those with the reason too; any other web exception keeps its own response.
     */
    @Provider
    public static class Wrapped implements ExceptionMapper<jakarta.ws.rs.WebApplicationException> {
        private final Other json = new Other();

        @Override
        public Response toResponse(jakarta.ws.rs.WebApplicationException e) {
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof JsonMappingException j) {
                    return json.toResponse(j);
                }
                if (c instanceof com.fasterxml.jackson.core.JsonProcessingException p) {
                    return malformed(p);
                }
            }
            Response original = e.getResponse();
            if (original.hasEntity() || original.getStatus() < 400) {
                return original;
            }
            // every 4xx/5xx answers with a JSON problem, not an empty body (415, 405, 404 of an unknown path, ...)
            Map<String, String> problem = new LinkedHashMap<>();
            problem.put("reason", original.getStatusInfo().getReasonPhrase().toLowerCase(java.util.Locale.ROOT)
                    .replace(' ', '-'));
            problem.put("message", e.getMessage() == null ? original.getStatusInfo().getReasonPhrase() : e.getMessage());
            return Response.fromResponse(original).type(MediaType.APPLICATION_JSON).entity(problem).build();
        }
    }

    /** A body that is not JSON at all. */
    @Provider
    public static class Malformed implements ExceptionMapper<com.fasterxml.jackson.core.JsonParseException> {
        @Override
        public Response toResponse(com.fasterxml.jackson.core.JsonParseException e) {
            return malformed(e);
        }
    }

    static Response malformed(com.fasterxml.jackson.core.JsonProcessingException e) {
        Map<String, String> problem = new LinkedHashMap<>();
        problem.put("reason", "invalid-body");
        problem.put("message", "the body is not valid JSON: " + firstLine(e.getOriginalMessage()));
        return Response.status(400).type(MediaType.APPLICATION_JSON).entity(problem).build();
    }

    /** Anything else the JSON reader could not map. */
    @Provider
    public static class Other extends InvalidBodyMapper<JsonMappingException> {
    }

    @Override
    public Response toResponse(E e) {
        String field = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .collect(Collectors.joining("."));
        String message;
        if (e instanceof UnrecognizedPropertyException u) {
            message = "unknown property '" + u.getPropertyName() + "'" + (u.getKnownPropertyIds() == null ? ""
                    : "; known: " + u.getKnownPropertyIds().stream().map(String::valueOf).sorted()
                            .collect(Collectors.joining(", ")));
        } else {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            message = (field.isEmpty() ? "" : field + ": ") + firstLine(cause.getMessage());
        }
        Map<String, String> problem = new LinkedHashMap<>();
        problem.put("reason", "invalid-body");
        if (!field.isEmpty()) {
            problem.put("field", field);
        }
        problem.put("message", message);
        return Response.status(400).type(MediaType.APPLICATION_JSON).entity(problem).build();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "the body could not be read";
        }
        int nl = message.indexOf('\n');
        String line = nl < 0 ? message : message.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) + "..." : line;
    }
}
