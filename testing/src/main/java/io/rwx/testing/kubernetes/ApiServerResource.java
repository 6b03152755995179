package io.rwx.testing.kubernetes;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Quarkus test resource: a fresh {@link ApiServer} (CRDs installed) for the application under test, which talks
 * to it with its own client; the test gets the server in a field marked {@link InjectApiServer}.
 * <p>
 * The server answers TokenReviews and SubjectAccessReviews from its {@link AccessPolicy}; the test itself calls the
 * service's HTTP API as {@link #ADMIN_USER} (token {@link #ADMIN_TOKEN}, allowed everything), sent by RestAssured
 * by default ({@link DefaultBearerToken}). A test of access control registers its own users and sends their tokens.
 * <pre>{@code @QuarkusTestResource(value = ApiServerResource.class, restrictToAnnotatedClass = true)}</pre>
 */
public class ApiServerResource implements QuarkusTestResourceLifecycleManager {

    public static final String ADMIN_TOKEN = "rwx-test-admin-token";
    public static final String ADMIN_USER = "test-admin";

    private ApiServer server;

    @Override
    public Map<String, String> start() {
        server = ApiServer.start();
        server.policy().token(ADMIN_TOKEN, ADMIN_USER).allowAll(ADMIN_USER);
        DefaultBearerToken.install();
        return Map.of(
                "quarkus.kubernetes-client.api-server-url", server.url(),
                "quarkus.kubernetes-client.trust-certs", "true",
                "quarkus.kubernetes-client.devservices.enabled", "false");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(server, new TestInjector.AnnotatedAndMatchesType(InjectApiServer.class,
                ApiServer.class));
    }

    @Override
    public void stop() {
        if (server != null) {
            server.close();
        }
    }
}
