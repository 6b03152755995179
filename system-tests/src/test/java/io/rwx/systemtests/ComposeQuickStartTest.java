package io.rwx.systemtests;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's compose quick start, command for command (read from the README itself, between its
 * {@code compose-quick-start} markers): build the images, {@code docker-compose --profile demo up -d}, the demo
 * story against the containers, {@code docker-compose --profile demo down -v}. After {@code up} every service of
 * the file runs in its container (the topics job has finished with 0); after {@code down -v} no container, network
 * or volume of the project is left.
 */
class ComposeQuickStartTest {

    static final String BEGIN = "<!-- compose-quick-start:begin -->";
    static final String END = "<!-- compose-quick-start:end -->";

    @BeforeAll
    static void docker() {
        Docker.assumeAvailable();
    }

    @Test
    void theReadmeQuickStartRunsTheStoryInContainersAndLeavesNothingBehind() throws Exception {
        assertThat(Docker.run("docker-compose", "config", "-q").ok("docker-compose config").exit()).isZero();
        List<String> commands = quickStart();
        assertThat(commands).as("the README's compose commands").hasSizeGreaterThanOrEqualTo(4);
        assertThat(commands.get(commands.size() - 1)).contains("down -v");
        String project = project();
        try {
            for (String command : commands) {
                System.out.println("$ " + command);
                int exit = Docker.shell(command, 30 * 60);
                assertThat(exit).as("`%s` exits 0", command).isZero();
                if (command.contains("docker-compose") && command.contains(" up")) {
                    expectEveryServiceRunning(project);
                }
            }
        } finally {
            Docker.run(Docker.REPO, 300, List.of("docker-compose", "--profile", "demo", "down", "-v", "--remove-orphans"));
        }
        String label = "label=com.docker.compose.project=" + project;
        assertThat(Docker.lines(Docker.run("docker", "ps", "-aq", "--filter", label))).as("containers left").isEmpty();
        assertThat(Docker.lines(Docker.run("docker", "network", "ls", "-q", "--filter", label))).as("networks left").isEmpty();
        assertThat(Docker.lines(Docker.run("docker", "volume", "ls", "-q", "--filter", label))).as("volumes left").isEmpty();
    }

    private static void expectEveryServiceRunning(String project) {
        List<String> services = Docker.lines(Docker.run("docker-compose", "--profile", "demo", "config", "--services"));
        for (String service : services) {
            List<String> states = Docker.lines(Docker.run("docker", "ps", "-a", "--format", "{{.State}} {{.Status}}",
                    "--filter", "label=com.docker.compose.project=" + project,
                    "--filter", "label=com.docker.compose.service=" + service));
            assertThat(states).as("one container of %s", service).hasSize(1);
            if (service.equals("topics")) {
                assertThat(states.get(0)).as("the topics job").startsWith("exited").contains("Exited (0)");
            } else {
                assertThat(states.get(0)).as("the container of %s", service).startsWith("running");
            }
        }
    }

    /** The commands of the README's compose quick start: the code block between the markers, comments dropped. */
    static List<String> quickStart() throws Exception {
        String readme = Files.readString(Docker.REPO.resolve("README.md"));
        int begin = readme.indexOf(BEGIN);
        int end = readme.indexOf(END);
        assertThat(begin).as("README has %s", BEGIN).isNotNegative();
        assertThat(end).as("README has %s after the begin marker", END).isGreaterThan(begin);
        List<String> commands = new ArrayList<>();
        for (String line : readme.substring(begin + BEGIN.length(), end).lines().toList()) {
            String command = line.replaceAll("\\s+#.*$", "").strip();
            if (!command.isEmpty() && !command.startsWith("```") && !command.startsWith("#")) {
                commands.add(command);
            }
        }
        return commands;
    }

    /** The project name docker-compose 1.x derives from the directory (lower case, [-_a-z0-9] kept). */
    static String project() {
        String env = System.getenv("COMPOSE_PROJECT_NAME");
        if (env != null && !env.isBlank()) {
            return env;
        }
        return Docker.REPO.getFileName().toString().toLowerCase(Locale.ROOT).replaceAll("[^-_a-z0-9]", "");
    }
}
