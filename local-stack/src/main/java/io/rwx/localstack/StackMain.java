package io.rwx.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code ./rwx up [--detach]}, {@code ./rwx down}, {@code ./rwx demo [--compose]}. The repository root comes from the
 * {@code rwx.repo} system property (the {@code rwx} script sets it); the stack lives in {@code <repo>/.rwx}.
 */
public final class StackMain {

    private StackMain() {
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(System.getProperty("rwx.repo", ".")).toAbsolutePath().normalize();
        Path dir = repo.resolve(".rwx");
        String command = args.length == 0 ? "up" : args[0];
        List<String> options = Arrays.asList(args).subList(Math.min(1, args.length), args.length);
        switch (command) {
            case "up" -> up(repo, dir, options.contains("--detach"));
            case "down" -> down(dir);
            case "demo" -> System.exit(options.contains("--compose") ? composeDemo(dir)
                    : demo(repo, dir, options.contains("--keep")));
            default -> {
                System.err.println("usage: ./rwx up [--detach] | down | demo [--compose | --keep]");
                System.exit(64);
            }
        }
    }

    static void up(Path repo, Path dir, boolean detach) throws Exception {
        refuseIfRunning(dir);
        System.out.println("starting the local stack in " + dir + " ...");
        Stack stack = Stack.start(repo, dir, System.out, java.util.Map.of(), Stack.DataPlaneMode.fromEnv());
        System.out.println("the local stack is up:");
        System.out.print(stack.describe());
        if (detach) {
            System.out.println("stop it with ./rwx down");
            return;
        }
        System.out.println("Ctrl-C (or ./rwx down) stops everything.");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("stopping the local stack ...");
            stack.close();
            deletePids(dir);
            System.out.println("stopped.");
            stopped.countDown();
        }, "stack-stop"));
        stopped.await();
    }

    static void down(Path dir) throws Exception {
        Path pids = dir.resolve("pids");
        if (!Files.exists(pids)) {
            System.out.println("the local stack is not running (no " + pids + ")");
            return;
        }
        List<Long> list = Files.readAllLines(pids).stream().filter(s -> !s.isBlank()).map(Long::parseLong).toList();
        Stack.stopPids(list);
        deletePids(dir);
        System.out.println("stopped " + list.size() + " process(es).");
    }

    /** The story on a fresh stack; {@code keep}: the stack then stays up (the console shows what happened) until Ctrl-C. */
    static int demo(Path repo, Path dir, boolean keep) throws Exception {
        refuseIfRunning(dir);
        long t0 = System.nanoTime();
        System.out.println("starting the local stack in " + dir + " ...");
        Stack stack = Stack.start(repo, dir, System.out, java.util.Map.of(), Stack.DataPlaneMode.fromEnv());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stack.close();
            deletePids(dir);
        }, "stack-stop"));
        System.out.print(stack.describe());
        if (stack.url("console") != null) {
            System.out.println("follow the story in the console: " + stack.url("console") + "  (sign in with the API token "
                    + ClusterMain.ADMIN_TOKEN + ")");
        }
        boolean ok = new Demo(stack, System.out).run();
        System.out.printf("%s in %.0f s (stack start included)%n", ok ? "DEMO PASSED" : "DEMO FAILED",
                (System.nanoTime() - t0) / 1e9);
        if (keep) {
            System.out.println("the stack stays up (console: " + stack.url("console") + "); Ctrl-C stops it.");
            new CountDownLatch(1).await(); // until the shutdown hook stops the stack
        }
        return ok ? 0 : 1;
    }

    /** The story against {@code docker-compose --profile demo up}: the containers are started and stopped by the user. */
    static int composeDemo(Path dir) throws Exception {
        long t0 = System.nanoTime();
        ComposeTarget target = ComposeTarget.of(System.getenv(), dir);
        System.out.println("waiting for the compose stack (docker-compose --profile demo up -d) ...");
        target.awaitReady(java.time.Duration.ofMinutes(4), System.out);
        boolean ok = new Demo(target, System.out).run();
        System.out.printf("%s in %.0f s (against the containers of docker-compose)%n", ok ? "DEMO PASSED" : "DEMO FAILED",
                (System.nanoTime() - t0) / 1e9);
        return ok ? 0 : 1;
    }

    private static void refuseIfRunning(Path dir) throws Exception {
        Path pids = dir.resolve("pids");
        if (Files.exists(pids) && Files.readAllLines(pids).stream().filter(s -> !s.isBlank())
                .anyMatch(p -> ProcessHandle.of(Long.parseLong(p)).map(ProcessHandle::isAlive).orElse(false))) {
            throw new IllegalStateException("a local stack is already running (" + pids + "): ./rwx down first");
        }
    }

    private static void deletePids(Path dir) {
        try {
            Files.deleteIfExists(dir.resolve("pids"));
        } catch (java.io.IOException e) {
            // best effort
        }
    }
}
