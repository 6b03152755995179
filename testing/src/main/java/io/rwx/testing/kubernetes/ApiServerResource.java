package io.rwx.testing.kubernetes;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Quarkus test resource: a fresh {@link ApiServer} (CRDs installed) for the application under test, which talks
 * to it with its own client; the test gets the server in a field marked {@link InjectApiServer}.
 * <pre>{@code @QuarkusTestResource(value = ApiServerResource.class, restrictToAnnotatedClass = true)}</pre>
 */
public class ApiServerResource implements QuarkusTestResourceLifecycleManager {

    private ApiServer server;

    @Override
    public Map<String, String> start() {
        server = ApiServer.start();
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
