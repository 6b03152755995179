package io.rwx.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.smallrye.mutiny.Multi;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.RestStreamElementType;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The console's API for its page. Signing in keeps the user's Kubernetes token in an HttpOnly, SameSite=Strict
 * cookie; every read or change goes to the services' APIs with that token, so the console can do nothing the user
 * could not (the services authorise each request as the user). The event stream is Server-Sent Events.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class ConsoleResource {

    static final String COOKIE = "rwx-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?");

    private final EventFeed feed;
    private final String volumesUrl;
    private final String migrationsUrl;
    private final boolean secureCookie;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ConsoleResource(EventFeed feed, @ConfigProperty(name = "rwx.console.volumes-url") String volumesUrl,
            @ConfigProperty(name = "rwx.console.migrations-url") String migrationsUrl,
            @ConfigProperty(name = "rwx.console.secure-cookie") boolean secureCookie) {
        this.feed = feed;
        this.volumesUrl = volumesUrl;
        this.migrationsUrl = migrationsUrl;
        this.secureCookie = secureCookie;
    }

    public record SignIn(String token) {
    }

    /** Signs in: the token must let its user list volumes (asked of share-manager-controller, as the user). */
    @POST
    @Path("/session")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response signIn(SignIn body) throws Exception {
        if (body == null || body.token() == null || body.token().isBlank() || body.token().length() > 16 * 1024) {
            return problem(400, "invalid-body", "a Kubernetes token is required");
        }
        HttpResponse<String> r = call("GET", volumesUrl + "/volumes", null, body.token().trim());
        if (r.statusCode() != 200) {
            return Response.status(r.statusCode()).type(MediaType.APPLICATION_JSON).entity(r.body()).build();
        }
        return Response.noContent().cookie(new NewCookie.Builder(COOKIE).value(body.token().trim()).path("/")
                .httpOnly(true).secure(secureCookie).sameSite(NewCookie.SameSite.STRICT).build()).build();
    }

    @DELETE
    @Path("/session")
    public Response signOut() {
        return Response.noContent().cookie(new NewCookie.Builder(COOKIE).value("").path("/").maxAge(0).httpOnly(true)
                .sameSite(NewCookie.SameSite.STRICT).build()).build();
    }

    @GET
    @Path("/volumes")
    public Response volumes(@CookieParam(COOKIE) String token) throws Exception {
        HttpResponse<String> r = call("GET", volumesUrl + "/volumes", null, token);
        if (r.statusCode() != 200) {
            return relay(r);
        }
        // each volume with its workload pods, as volume-watcher last observed them
        JsonNode volumes = JSON.readTree(r.body());
        for (JsonNode v : volumes) {
            ArrayNode pods = ((ObjectNode) v).putArray("workloads");
            feed.workloadsOf(v.path("name").asText()).forEach(pods::add);
        }
        return Response.ok(JSON.writeValueAsString(volumes)).type(MediaType.APPLICATION_JSON).build();
    }

    @PUT
    @Path("/volumes/{name}/accessMode")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response accessMode(@PathParam("name") String name, String body, @CookieParam(COOKIE) String token)
            throws Exception {
        if (!NAME.matcher(name).matches()) {
            return problem(400, "invalid-name", "not a volume name: " + name);
        }
        return relay(call("PUT", volumesUrl + "/volumes/" + name + "/accessMode", body, token));
    }

    @GET
    @Path("/migrations")
    public Response migrations(@CookieParam(COOKIE) String token) throws Exception {
        return relay(call("GET", migrationsUrl + "/migrations", null, token));
    }

    @POST
    @Path("/migrations")
    @Consumes(MediaType.APPLICATION_JSON)
    public Response migrate(String body, @CookieParam(COOKIE) String token) throws Exception {
        return relay(call("POST", migrationsUrl + "/migrations", body, token));
    }

    @DELETE
    @Path("/migrations/{id}")
    public Response cancel(@PathParam("id") String id, @CookieParam(COOKIE) String token) throws Exception {
        if (!NAME.matcher(id).matches()) {
            return problem(400, "invalid-name", "not a migration id: " + id);
        }
        return relay(call("DELETE", migrationsUrl + "/migrations/" + id, null, token));
    }

    /** Failover episodes as timelines (from rwx.failovers); only for a signed-in user who may list volumes. */
    @GET
    @Path("/failovers")
    public Response failovers(@CookieParam(COOKIE) String token) throws Exception {
        HttpResponse<String> allowed = call("GET", volumesUrl + "/volumes", null, token);
        if (allowed.statusCode() != 200) {
            return relay(allowed);
        }
        List<EventFeed.Episode> episodes = feed.episodes();
        return Response.ok(episodes).build();
    }

    /** Every rwx event as it happens (the page refreshes what it shows from them). */
    @GET
    @Path("/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @RestStreamElementType(MediaType.APPLICATION_JSON)
    public Multi<EventFeed.Item> events(@CookieParam(COOKIE) String token) throws Exception {
        if (call("GET", volumesUrl + "/volumes", null, token).statusCode() != 200) {
            return Multi.createFrom().failure(new NotAuthorizedException("sign in first"));
        }
        return feed.live();
    }

    private HttpResponse<String> call(String method, String url, String body, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        if (token != null && !token.isBlank()) {
            b.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Response relay(HttpResponse<String> r) {
        return Response.status(r.statusCode()).type(MediaType.APPLICATION_JSON).entity(r.body()).build();
    }

    private static Response problem(int status, String reason, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(Map.of("reason", reason, "message", message)).build();
    }
}
