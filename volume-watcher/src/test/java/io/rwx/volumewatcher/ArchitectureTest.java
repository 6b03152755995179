package io.rwx.volumewatcher;

import io.rwx.testing.arch.ArchitectureRules;
import org.junit.jupiter.api.Test;

class ArchitectureTest {

    @Test
    void followsTheProjectArchitecture() {
        ArchitectureRules.check("io.rwx.volumewatcher");
    }
}
