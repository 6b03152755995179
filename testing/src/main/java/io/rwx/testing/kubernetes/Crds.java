package io.rwx.testing.kubernetes;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.utils.Serialization;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Installs the project's generated CRDs (from the crds jar) into an API server, e.g. the fabric8 mock server
 * in CRUD mode: after this, status-subresource semantics apply to Volumes and ShareManagers.
 */
public final class Crds {

    public static final List<String> FILES = List.of(
            "volumes.longhorn.io-v1.yml", "sharemanagers.longhorn.io-v1.yml", "settings.longhorn.io-v1.yml");

    private Crds() {
    }

    public static List<CustomResourceDefinition> load() {
        return FILES.stream().map(Crds::load).toList();
    }

    private static CustomResourceDefinition load(String file) {
        String resource = "META-INF/fabric8/" + file;
        try (InputStream in = Crds.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " not on the class path: is rwx-crds a dependency?");
            }
            return Serialization.unmarshal(in, CustomResourceDefinition.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Creates the CRDs that are not there yet. */
    public static void install(KubernetesClient client) {
        for (CustomResourceDefinition crd : load()) {
            if (client.apiextensions().v1().customResourceDefinitions().withName(crd.getMetadata().getName())
                    .get() == null) {
                client.apiextensions().v1().customResourceDefinitions().resource(crd).create();
            }
        }
    }
}
