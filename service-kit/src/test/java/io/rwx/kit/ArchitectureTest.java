package io.rwx.kit;

import io.rwx.testing.arch.ArchitectureRules;
import org.junit.jupiter.api.Test;

/** service-kit keeps the services' rules: pure model/, client only in kubernetes/, Kafka only in messaging/. */
class ArchitectureTest {

    @Test
    void followsTheProjectArchitecture() {
        ArchitectureRules.check("io.rwx.kit");
    }
}
