package io.rwx.kit.kubernetes;

import io.fabric8.kubernetes.api.model.authentication.TokenReview;
import io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.ResourceAttributesBuilder;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReview;
import io.fabric8.kubernetes.api.model.authorization.v1.SubjectAccessReviewBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rwx.kit.model.Caller;
import io.rwx.kit.model.Permission;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is calling, and may they: the API server answers both. A bearer token is verified with a {@code TokenReview}
 * (the answer is cached for {@link #TOKEN_TTL}, keyed by the token's SHA-256, never the token itself); a permission is
 * checked with a {@code SubjectAccessReview} for the caller's user and groups, as {@code kubectl auth can-i
 * --as} would. The service's own account needs {@code create} on both review kinds (deploy/base/10-rbac.yaml).
 */
@ApplicationScoped
public class AccessReviews {

    /** How long an authenticated token is trusted without asking again (a revoked token works this long at most). */
    public static final Duration TOKEN_TTL = Duration.ofSeconds(30);
    static final int MAX_CACHED_TOKENS = 10_000;

    private final KubernetesClient client;
    private final Clock clock;
    private final Map<String, Cached> tokens = new ConcurrentHashMap<>();

    private record Cached(Optional<Caller> caller, Instant until) {
    }

    @jakarta.inject.Inject
    public AccessReviews(KubernetesClient client) {
        this(client, Clock.systemUTC());
    }

    AccessReviews(KubernetesClient client, Clock clock) {
        this.client = client;
        this.clock = clock;
    }

    /** The user a bearer token belongs to, or empty when the API server does not recognise it. */
    public Optional<Caller> authenticate(String token) {
        String key = sha256(token);
        Instant now = clock.instant();
        Cached cached = tokens.get(key);
        if (cached != null && cached.until().isAfter(now)) {
            return cached.caller();
        }
        TokenReview review = client.resource(new TokenReviewBuilder().withNewSpec().withToken(token).endSpec().build())
                .create();
        Optional<Caller> caller = Optional.empty();
        if (review.getStatus() != null && Boolean.TRUE.equals(review.getStatus().getAuthenticated())
                && review.getStatus().getUser() != null) {
            var user = review.getStatus().getUser();
            caller = Optional.of(new Caller(user.getUsername(),
                    user.getGroups() == null ? List.of() : List.copyOf(user.getGroups())));
        }
        if (tokens.size() >= MAX_CACHED_TOKENS) {
            tokens.clear(); // bounded: a flood of distinct tokens costs reviews, not memory
        }
        tokens.put(key, new Cached(caller, now.plus(TOKEN_TTL)));
        return caller;
    }

    /** Whether the caller may do what the permission names (asked every time: permissions change). */
    public boolean allowed(Caller caller, Permission permission) {
        SubjectAccessReview review = client.resource(new SubjectAccessReviewBuilder().withNewSpec()
                .withUser(caller.name()).withGroups(caller.groups())
                .withResourceAttributes(new ResourceAttributesBuilder().withVerb(permission.verb())
                        .withGroup(permission.group()).withResource(permission.resource())
                        .withNamespace(permission.namespace()).withName(permission.name()).build())
                .endSpec().build()).create();
        return review.getStatus() != null && Boolean.TRUE.equals(review.getStatus().getAllowed());
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
