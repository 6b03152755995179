package io.rwx.kit.http;

import io.rwx.kit.kubernetes.AccessReviews;
import io.rwx.kit.model.Caller;
import io.rwx.kit.model.Permission;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;

import java.util.Map;
import java.util.Optional;

/**
 * Authorisation per request: what a request would make the system do, the caller must be allowed to do themselves.
 * A resource method lists the permissions its request needs and answers the first denial (403 naming it) before
 * anything is created or changed.
 */
@ApplicationScoped
public class Access {

    private final AccessReviews reviews;

    public Access(AccessReviews reviews) {
        this.reviews = reviews;
    }

    /** The authenticated caller of a request (the {@link BearerTokenFilter} put it there). */
    public static Caller caller(SecurityContext security) {
        if (security == null || !(security.getUserPrincipal() instanceof Caller caller)) {
            throw new IllegalStateException("no authenticated caller: is BearerTokenFilter registered?");
        }
        return caller;
    }

    /** A 403 for the first permission the caller lacks, or empty when they have them all. */
    public Optional<Response> denied(Caller caller, Permission... needed) {
        for (Permission p : needed) {
            if (!reviews.allowed(caller, p)) {
                return Optional.of(Response.status(403).type(MediaType.APPLICATION_JSON).entity(Map.of(
                        "reason", "forbidden",
                        "message", "user " + caller.name() + " may not " + p.describe() + " (needed to " + p.why() + ")",
                        "missing", p.describe())).build());
            }
        }
        return Optional.empty();
    }
}
