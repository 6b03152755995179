package io.rwx.testing.kubernetes;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Who is who and who may do what, for the in-memory API server's {@code TokenReview} and
 * {@code SubjectAccessReview} endpoints: a test (or the local stack) registers tokens and grants; the server
 * answers reviews from them and records every question, so a test can assert what a service asked.
 * <p>
 * Grants are RBAC-shaped: a verb (or {@code *}) on an API group's resource (or {@code *}), in one namespace or
 * cluster-wide ({@code namespace == null}).
 */
public final class AccessPolicy {

    /** An authenticated user. */
    public record User(String name, List<String> groups) {
    }

    /** One permission. {@code namespace == null}: every namespace. */
    public record Grant(String verb, String group, String resource, String namespace) {

        boolean covers(String verb, String group, String resource, String namespace) {
            return ("*".equals(this.verb) || this.verb.equals(verb))
                    && ("*".equals(this.group) || this.group.equals(group == null ? "" : group))
                    && ("*".equals(this.resource) || this.resource.equals(resource))
                    && (this.namespace == null || this.namespace.equals(namespace));
        }
    }

    /** A question the server was asked: a token to authenticate, or an access check for a user. */
    public record Review(String kind, String user, String verb, String group, String resource, String subresource,
            String namespace, String name, boolean answer) {
    }

    private final Map<String, User> tokens = new ConcurrentHashMap<>();
    private final Map<String, List<Grant>> grants = new ConcurrentHashMap<>();
    private final List<Review> reviews = new CopyOnWriteArrayList<>();

    /** {@code token} authenticates as {@code user}. */
    public AccessPolicy token(String token, String user, String... groups) {
        tokens.put(token, new User(user, List.of(groups)));
        return this;
    }

    /** {@code user} may {@code verb} {@code group/resource} in {@code namespace} (null: everywhere). */
    public AccessPolicy allow(String user, String verb, String group, String resource, String namespace) {
        grants.computeIfAbsent(user, u -> new CopyOnWriteArrayList<>()).add(new Grant(verb, group, resource, namespace));
        return this;
    }

    /** {@code user} may do anything (cluster-admin). */
    public AccessPolicy allowAll(String user) {
        return allow(user, "*", "*", "*", null);
    }

    /** The user a token maps to, or null (not recorded as a review: the API server's own authentication). */
    public String userOf(String token) {
        User user = tokens.get(token);
        return user == null ? null : user.name();
    }

    public Optional<User> authenticate(String token) {
        User user = token == null ? null : tokens.get(token);
        reviews.add(new Review("TokenReview", user == null ? null : user.name(), null, null, null, null, null, null,
                user != null));
        return Optional.ofNullable(user);
    }

    public boolean allowed(String user, String verb, String group, String resource, String subresource,
            String namespace, String name) {
        boolean allowed = grants.getOrDefault(user, List.of()).stream()
                .anyMatch(g -> g.covers(verb, group, resource, namespace));
        reviews.add(new Review("SubjectAccessReview", user, verb, group, resource, subresource, namespace, name,
                allowed));
        return allowed;
    }

    /** Every question asked so far, in order. */
    public List<Review> reviews() {
        return List.copyOf(reviews);
    }

    public void clearReviews() {
        reviews.clear();
    }
}
