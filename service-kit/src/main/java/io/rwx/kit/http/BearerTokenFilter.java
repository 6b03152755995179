package io.rwx.kit.http;

import io.rwx.kit.kubernetes.AccessReviews;
import io.rwx.kit.model.Caller;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.ext.Provider;
import org.jboss.logging.Logger;

import java.security.Principal;
import java.util.Map;
import java.util.Optional;

/**
 * Every request to a service's HTTP API must carry a Kubernetes bearer token ({@code Authorization: Bearer ...}),
 * verified with a TokenReview; anonymous or unrecognised callers get 401. The caller is then the request's
 * {@link SecurityContext} principal ({@link Caller}); what they may do is checked per request ({@link Access}).
 * Health and metrics ({@code /q/...}) are not JAX-RS resources and stay open: probes and Prometheus need no token,
 * and the metrics carry counts and durations, no names of volumes, users or secrets.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class BearerTokenFilter implements ContainerRequestFilter {

    private static final Logger LOG = Logger.getLogger(BearerTokenFilter.class);
    static final int MAX_TOKEN_LENGTH = 16 * 1024;

    private final AccessReviews reviews;

    public BearerTokenFilter(AccessReviews reviews) {
        this.reviews = reviews;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            request.abortWith(unauthorized("a Kubernetes bearer token is required: Authorization: Bearer <token> "
                    + "(e.g. kubectl create token <service account>)"));
            return;
        }
        String token = header.substring(7).trim();
        if (token.isEmpty() || token.length() > MAX_TOKEN_LENGTH) {
            request.abortWith(unauthorized("the bearer token is empty or longer than " + MAX_TOKEN_LENGTH + " characters"));
            return;
        }
        Optional<Caller> caller;
        try {
            caller = reviews.authenticate(token);
        } catch (RuntimeException e) {
            LOG.warnf("TokenReview failed: %s", e.getMessage());
            request.abortWith(Response.status(503).type(MediaType.APPLICATION_JSON).entity(Map.of("reason",
                    "authentication-unavailable", "message", "the Kubernetes API server could not verify the token: "
                            + e.getMessage())).build());
            return;
        }
        if (caller.isEmpty()) {
            request.abortWith(unauthorized("the bearer token is not recognised by the Kubernetes API server"));
            return;
        }
        Caller who = caller.get();
        boolean secure = request.getSecurityContext() != null && request.getSecurityContext().isSecure();
        request.setSecurityContext(new SecurityContext() {
            @Override
            public Principal getUserPrincipal() {
                return who;
            }

            @Override
            public boolean isUserInRole(String role) {
                return who.groups().contains(role);
            }

            @Override
            public boolean isSecure() {
                return secure;
            }

            @Override
            public String getAuthenticationScheme() {
                return "Bearer";
            }
        });
    }

    private static Response unauthorized(String message) {
        return Response.status(401).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"rwx\"")
                .type(MediaType.APPLICATION_JSON).entity(Map.of("reason", "unauthenticated", "message", message)).build();
    }
}
