package io.rwx.sharemanager.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.quarkus.kubernetes.client.KubernetesConfigCustomizer;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Requests identify the service ({@code rwx-share-manager-controller/<version>}) in API server audit logs. */
@Singleton
public class UserAgent implements KubernetesConfigCustomizer {

    private final String version;

    public UserAgent(@ConfigProperty(name = "quarkus.application.version", defaultValue = "dev") String version) {
        this.version = version;
    }

    @Override
    public void customize(Config config) {
        config.setUserAgent("rwx-share-manager-controller/" + version);
    }
}
