package io.rwx.localstack;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * End to end: the demo story against the four services as separate processes (their packaged jars), a Kafka
 * broker process and the cluster process (in-memory API server + node simulator). Every step's expectation must
 * hold, and stopping the stack must leave no process and no bound port behind.
 */
class LocalStackE2ETest {

    @Test
    void theStoryHoldsAgainstTheServicesAsSeparateProcesses() throws Exception {
        Path repo = Path.of("..").toAbsolutePath().normalize();
        List<Long> pids;
        List<Integer> ports;
        // under target/, not a temporary directory: its logs stay for whoever reads a failure
        Path dir = Path.of("target/e2e-stack").toAbsolutePath();
        Stack.deleteTree(dir);
        try (Stack stack = Stack.start(repo, dir, System.out)) {
            pids = stack.pids();
            ports = stack.ports();
            assertThat(pids).hasSizeGreaterThanOrEqualTo(6);
            assertThat(new Demo(stack, System.out).run()).as("every step of the demo held").isTrue();
            if (stack.url("prometheus") != null) { // where Prometheus is installed, it loads the project's alert rules
                String rules = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(stack.url("prometheus") + "/api/v1/rules")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                assertThat(rules).contains("RwxFailoverStalled").contains("RwxMigrationFailed");
            }
        }
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("process %d", pid).isFalse();
        }
        for (int port : ports) {
            assertThat(Stack.free(port)).as("port %d is free", port).isTrue();
        }
    }
}
