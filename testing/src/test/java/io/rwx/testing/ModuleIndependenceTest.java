package io.rwx.testing;

import io.rwx.testing.arch.ArchitectureRules;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** No service module depends on another service module (the build-level half of the architecture rules). */
class ModuleIndependenceTest {

    static final List<String> SERVICES = List.of(
            "volume-watcher", "share-manager-controller", "failover-service", "migration-service");

    @Test
    void noServicePomNamesAnotherService() throws IOException {
        for (String service : SERVICES) {
            String pom = Files.readString(Path.of("..", service, "pom.xml"));
            for (String other : SERVICES) {
                if (!other.equals(service)) {
                    assertThat(pom).as("%s/pom.xml", service).doesNotContain("<artifactId>" + other + "</artifactId>");
                }
            }
        }
        assertThat(ArchitectureRules.SERVICE_PACKAGES).hasSize(SERVICES.size());
    }
}
