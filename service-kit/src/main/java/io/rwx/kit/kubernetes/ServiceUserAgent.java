package io.rwx.kit.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.quarkus.kubernetes.client.KubernetesConfigCustomizer;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Every request a service sends to the API server identifies it, as {@code rwx-<service>/<version>}: API server
 * audit logs show who did what, and the tests check each service's requests against its RBAC rules.
 */
@Singleton
public class ServiceUserAgent implements KubernetesConfigCustomizer {

    private final String userAgent;

    public ServiceUserAgent(@ConfigProperty(name = "quarkus.application.name") String service,
            @ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        this.userAgent = "rwx-" + service + "/" + version;
    }

    @Override
    public void customize(Config config) {
        config.setUserAgent(userAgent);
    }
}
