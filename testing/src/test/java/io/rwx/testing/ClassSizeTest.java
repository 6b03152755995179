package io.rwx.testing;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Classes stay small: no main class of a service, or of service-kit, exceeds 300 lines. */
class ClassSizeTest {

    static final int MAX_LINES = 300;

    @Test
    void noServiceClassExceeds300Lines() throws IOException {
        List<String> tooLong = new ArrayList<>();
        List<String> modules = new ArrayList<>(ModuleIndependenceTest.SERVICES);
        modules.add("service-kit");
        for (String module : modules) {
            Path root = Path.of("..", module, "src/main/java");
            try (Stream<Path> files = Files.walk(root)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                    long lines = Files.readAllLines(f).size();
                    if (lines > MAX_LINES) {
                        tooLong.add(root.relativize(f) + " (" + lines + " lines)");
                    }
                }
            }
        }
        assertThat(tooLong).as("classes over %d lines", MAX_LINES).isEmpty();
    }
}
