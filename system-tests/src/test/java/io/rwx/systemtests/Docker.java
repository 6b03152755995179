package io.rwx.systemtests;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The Docker Engine and docker-compose, through their command-line clients as a user runs them. Where either is
 * missing the tests are skipped, unless {@code RWX_REQUIRE_TOOLS=1} (set by CI), which makes it a failure.
 */
final class Docker {

    static final Path REPO = Path.of(System.getProperty("rwx.repo", "..")).toAbsolutePath().normalize();
    static final String VERSION = System.getProperty("rwx.version", "0.1.0-SNAPSHOT");
    static final List<String> SERVICES = List.of("volume-watcher", "share-manager-controller", "failover-service",
            "migration-service");
    /** What is deployed: the services and the console. */
    static final List<String> DEPLOYED = List.of("volume-watcher", "share-manager-controller", "failover-service",
            "migration-service", "console");

    record Result(int exit, String out) {
        Result ok(String what) {
            if (exit != 0) {
                throw new AssertionError(what + " failed (exit " + exit + "): " + out);
            }
            return this;
        }
    }

    private Docker() {
    }

    /** Skips the calling test where Docker or docker-compose is missing, unless CI requires them. */
    static void assumeAvailable() {
        String missing = null;
        if (run("docker", "info", "--format", "{{.ServerVersion}}").exit() != 0) {
            missing = "no Docker Engine answers (docker info failed)";
        } else if (run("docker-compose", "version", "--short").exit() != 0) {
            missing = "docker-compose is not installed";
        }
        if (missing != null && Tools.required()) {
            throw new AssertionError("RWX_REQUIRE_TOOLS=1 but " + missing);
        }
        String why = missing;
        Assumptions.assumeTrue(why == null, () -> "skipped: " + why + " (set RWX_REQUIRE_TOOLS=1 to make it a failure)");
    }

    static Result run(String... command) {
        return run(REPO, 120, List.of(command));
    }

    /** Runs a command in {@code dir}, output captured (stderr merged), failing after {@code timeoutSeconds}. */
    static Result run(Path dir, long timeoutSeconds, List<String> command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
            p.getOutputStream().close();
            StringBuilder out = new StringBuilder();
            Thread reader = new Thread(() -> {
                try {
                    out.append(new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    out.append(e);
                }
            });
            reader.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                reader.join(5000);
                return new Result(124, "timed out after " + timeoutSeconds + " s: " + out);
            }
            reader.join();
            return new Result(p.exitValue(), out.toString().strip());
        } catch (IOException e) {
            return new Result(127, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(130, e.toString());
        }
    }

    /** Runs a shell line in the repository, its output shown as it comes (a user would see it in the terminal). */
    static int shell(String line, long timeoutSeconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", line).directory(REPO.toFile()).inheritIO().start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor();
            return 124;
        }
        return p.exitValue();
    }

    static List<String> lines(Result r) {
        List<String> lines = new ArrayList<>();
        r.out().lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(lines::add);
        return lines;
    }
}
