package io.rwx.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The Docker Engine through its command-line client, as a user runs it: output captured, bounded in time. */
final class DockerCli {

    record Result(int exit, String out) {
        boolean ok() {
            return exit == 0;
        }
    }

    private DockerCli() {
    }

    static Result run(String... args) {
        return run(60, List.of(args));
    }

    static Result run(long timeoutSeconds, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add("docker");
        command.addAll(args);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getOutputStream().close();
            // the output of these commands is small: read it, then wait (bounded)
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                return new Result(-1, "docker " + String.join(" ", args) + ": no answer in " + timeoutSeconds + " s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8).strip());
        } catch (IOException e) {
            return new Result(-1, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    /** Why containers cannot run here, or null when a Docker Engine answers and {@code image} is present. */
    static String unavailable(String image) {
        if (Stack.which("docker") == null) {
            return "the docker client is not installed (Debian: docker.io)";
        }
        if (!run(20, List.of("info", "--format", "{{.ServerVersion}}")).ok()) {
            return "no Docker Engine answers (start dockerd)";
        }
        if (!run(20, List.of("image", "inspect", "--format", "{{.Id}}", image)).ok()) {
            return "the image " + image + " is not built (./rwx images)";
        }
        return null;
    }
}
