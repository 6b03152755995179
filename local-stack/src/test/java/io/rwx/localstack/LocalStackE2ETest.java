package io.rwx.localstack;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

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
        // copies capped at 8 MiB/s: the console's migration then takes long enough to watch its progress bar move
        // share-manager pods as containers serving NFS where Docker answers (CI requires it: RWX_REQUIRE_TOOLS=1)
        Stack.DataPlaneMode dataPlane = "1".equals(System.getenv("RWX_REQUIRE_TOOLS")) ? Stack.DataPlaneMode.ON
                : Stack.DataPlaneMode.AUTO;
        try (Stack stack = Stack.start(repo, dir, System.out,
                Map.of("RWX_MIGRATION_BANDWIDTH_LIMIT", ConsoleInABrowser.BANDWIDTH_LIMIT), dataPlane)) {
            pids = stack.pids();
            ports = stack.ports();
            assertThat(pids).hasSizeGreaterThanOrEqualTo(6);
            assertThat(new Demo(stack, System.out).run()).as("every step of the demo held").isTrue();
            rwxctlAgainstTheStack(stack);
            String noBrowser = ConsoleInABrowser.missing(stack);
            if (noBrowser == null) {
                new ConsoleInABrowser(stack).run();
            } else {
                System.out.println("the console in a browser: skipped, " + noBrowser);
            }
            if (stack.url("prometheus") != null) { // where Prometheus is installed, it loads the project's alert rules
                String rules = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(stack.url("prometheus") + "/api/v1/rules")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
                assertThat(rules).contains("RwxFailoverStalled").contains("RwxMigrationFailed");
            }
            if (stack.dataPlane()) {
                clientOutagesOverTenFailovers(stack);
            } else {
                System.out.println("the client's outage over 10 failovers: skipped, share-manager pods are simulated");
            }
        }
        for (long pid : pids) {
            assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).as("process %d", pid).isFalse();
        }
        for (int port : ports) {
            assertThat(Stack.free(port)).as("port %d is free", port).isTrue();
        }
    }

    /**
     * The outage an NFS client sees over 10 failovers of one volume, on the same stack: every failover ends with the
     * client writing through the same endpoint again, within the bound a failover must keep (the replacement's
     * start-up, not a grace period: a new share-manager has no client state to wait for). The figures go to
     * {@code target/client-outages.md} (BENCHMARKS.md's B6 comes from {@code ./rwx bench}).
     */
    static void clientOutagesOverTenFailovers(Stack stack) throws Exception {
        List<ClientOutages.Episode> episodes = ClientOutages.measure(stack, 10);
        assertThat(episodes).hasSize(10).allSatisfy(e -> assertThat(e.outage()).as("a good write before and after").isNotNull());
        double[] seconds = episodes.stream().mapToDouble(e -> e.outage().seconds()).sorted().toArray();
        StringBuilder md = new StringBuilder("# Client-visible outage over 10 failovers (LocalStackE2ETest)\n\n"
                + "| failover | outage (s) | failed writes | replacement Ready after the kill (s) |\n|---|---|---|---|\n");
        for (int i = 0; i < episodes.size(); i++) {
            var e = episodes.get(i);
            md.append(String.format("| %d | %.2f | %d | %.2f |%n", i + 1, e.outage().seconds(), e.outage().failedWrites(),
                    e.replacementReadySeconds()));
        }
        md.append(String.format("%nmedian %.2f s, max %.2f s%n", (seconds[4] + seconds[5]) / 2, seconds[9]));
        java.nio.file.Files.writeString(Path.of("target/client-outages.md"), md);
        System.out.print(md);
        assertThat(seconds[9]).as("the longest client outage (s)").isLessThan(30);
    }

    record Run(int exit, String out, String err) {
    }

    /** rwxctl, run as a script runs it (its output a pipe, not a terminal), against the stack. */
    static Run rwxctl(Stack stack, String... args) {
        java.io.StringWriter out = new java.io.StringWriter();
        java.io.StringWriter err = new java.io.StringWriter();
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(args));
        picocli.CommandLine cli = new picocli.CommandLine(new io.rwx.cli.Rwxctl())
                .setOut(new java.io.PrintWriter(out, true)).setErr(new java.io.PrintWriter(err, true));
        int exit = cli.execute(all.toArray(String[]::new));
        System.out.println("$ rwxctl " + String.join(" ", args) + "  -> " + exit + "\n" + out + err);
        return new Run(exit, out.toString(), err.toString());
    }

    /** After the story: the CLI lists, refuses with the reason, migrates with a progress display, shows failovers. */
    static void rwxctlAgainstTheStack(Stack stack) throws Exception {
        String smc = "--volumes-url=" + stack.url("share-manager-controller");
        String mig = "--migrations-url=" + stack.url("migration-service");
        String kafka = "--bootstrap-servers=" + stack.bootstrapServers();
        String token = "--token=" + ClusterMain.ADMIN_TOKEN;

        assertThat(rwxctl(stack, "volumes", smc).exit()).as("anonymous").isEqualTo(io.rwx.cli.Rwxctl.NOT_ALLOWED);
        Run volumes = rwxctl(stack, "volumes", smc, token, "-o", "json");
        assertThat(volumes.exit()).isZero();
        com.fasterxml.jackson.databind.JsonNode list = new com.fasterxml.jackson.databind.ObjectMapper().readTree(volumes.out());
        String bound = null;
        for (com.fasterxml.jackson.databind.JsonNode v : list) {
            if ("demo/shared-data".equals(v.path("pvc").asText())) {
                bound = v.path("name").asText();
            }
        }
        assertThat(bound).as("the demo's shared volume is listed with its PVC").isNotNull();
        assertThat(rwxctl(stack, "volumes", smc, token).out()).contains("NAME").contains(bound);
        Run refused = rwxctl(stack, "volume", "set-access-mode", bound, "rwo", smc, token);
        assertThat(refused.exit()).as("a bound volume's mode").isEqualTo(io.rwx.cli.Rwxctl.REFUSED);
        assertThat(refused.err()).contains("shared-data");

        Process p = new ProcessBuilder("kubectl", "--kubeconfig", stack.kubeconfig().toString(), "create",
                "--validate=false", "-f", "-").start();
        p.getOutputStream().write("""
                apiVersion: v1
                kind: PersistentVolumeClaim
                metadata: {name: cli-data, namespace: demo}
                spec:
                  accessModes: [ReadWriteMany]
                  storageClassName: longhorn
                  resources: {requests: {storage: 2Gi}}
                """.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        p.getOutputStream().close();
        assertThat(p.waitFor()).isZero();
        Run migrated = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(
                () -> rwxctl(stack, "migrate", "demo/legacy-data", "demo/cli-data", "--id=cli-1", "--follow",
                        "--interval=200", mig, token), r -> r.exit() != io.rwx.cli.Rwxctl.NOT_FOUND);
        assertThat(migrated.exit()).as(migrated.err()).isZero();
        assertThat(migrated.out()).contains("cli-1").contains("succeeded").contains("verified");

        Run failovers = rwxctl(stack, "failovers", kafka, "-o", "json");
        assertThat(failovers.exit()).as(failovers.err()).isZero();
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(failovers.out()).size())
                .as("the demo's failover episodes").isGreaterThanOrEqualTo(3);
        assertThat(rwxctl(stack, "failovers", kafka).out()).contains("completed");
        Run tail = rwxctl(stack, "events", "tail", kafka, "--from-beginning", "--type=io.rwx.migration.succeeded.v1",
                "--max=2", "--for=30");
        assertThat(tail.exit()).isZero();
        assertThat(tail.out()).contains("io.rwx.migration.succeeded.v1").contains("requested by local-admin");
    }
}
