package io.rwx.systemtests;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The share-manager image as share-manager-controller's pods run it ({@code daemon --volume <volume>}), with a real
 * NFS client: NFS-Ganesha serves the volume's directory over NFSv4 at pseudo path {@code /<volume>}; the pid file the
 * readiness probe reads appears once it serves; a container killed and replaced on the same address (as a failover
 * keeps the Service's ClusterIP) serves the same bytes; SIGTERM ends it cleanly; bad arguments and a missing export
 * are refused with their reason. The client is libnfs's {@code nfs-cat} (userspace, no kernel mount), which speaks
 * NFSv4.0 only: the containers here also serve minor version 0 ({@code RWX_NFS_MINOR_VERSIONS}).
 */
class ShareManagerImageTest {

    static final String IMAGE = "rwx/share-manager:" + Docker.VERSION;
    static final String VOLUME = "pvc-0123abcd";

    private final List<String> containers = new ArrayList<>();
    private Path data;
    private int port;

    @BeforeEach
    void setUp() throws IOException {
        Docker.assumeAvailable();
        Tools.assumeAvailable("nfs-cat", List.of("sh", "-c", "command -v nfs-cat"), "libnfs-utils");
        assertThat(Docker.run("docker", "image", "inspect", IMAGE).exit()).as(IMAGE + " is built (./rwx images)").isZero();
        data = Files.createDirectories(Path.of("target/share-manager-test").toAbsolutePath().resolve(VOLUME));
        try (var old = Files.list(data)) {
            for (Path p : old.toList()) {
                Files.delete(p);
            }
        }
        Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxrwxrwx"));
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
    }

    @AfterEach
    void removeContainers() {
        containers.forEach(id -> Docker.run("docker", "rm", "-f", "-v", id));
        containers.forEach(id -> assertThat(Docker.run("docker", "ps", "-aq", "--filter", "id=" + id).out())
                .as("container %s removed", id).isEmpty());
    }

    @Test
    void servesTheVolumeOverNfsV4AndTheSameBytesAfterItsContainerIsReplaced() throws Exception {
        byte[] content = new byte[3_000_000];
        new Random(17).nextBytes(content);
        Files.write(data.resolve("before-failure.bin"), content);
        String sum = sha256(content);

        String first = start();
        assertThat(Docker.run("docker", "exec", first, "cat", "/var/run/ganesha.pid").ok("the pid file").out())
                .as("the readiness probe's pid file").matches("\\d+");
        assertThat(sha256(read("before-failure.bin"))).isEqualTo(sum);
        assertThat(Docker.run("nfs-ls", url("")).ok("nfs-ls").out()).contains("before-failure.bin");

        // the share-manager fails: the client gets errors until a replacement serves on the same address
        long killed = System.nanoTime();
        Docker.run("docker", "kill", first).ok("docker kill");
        assertThat(Docker.run("nfs-cat", url("before-failure.bin")).exit()).as("nothing serves").isNotZero();
        start();
        byte[] after = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> tryRead("before-failure.bin"), b -> b != null);
        double outage = (System.nanoTime() - killed) / 1e9;
        assertThat(sha256(after)).as("the same bytes after the failover").isEqualTo(sum);
        System.out.printf("share-manager replaced: the client read again after %.1f s%n", outage);
    }

    @Test
    void sigtermEndsItCleanlyWithinTheGracePeriod() {
        String id = start();
        long t0 = System.nanoTime();
        Docker.run("docker", "stop", "-t", "30", id).ok("docker stop");
        assertThat((System.nanoTime() - t0) / 1e9).as("seconds to stop").isLessThan(30);
        assertThat(Docker.run("docker", "inspect", "-f", "{{.State.ExitCode}}", id).ok("inspect").out())
                .as("exit code after SIGTERM").isEqualTo("0");
        assertThat(Docker.run("docker", "logs", id).out()).contains("NFS EXIT: regular exit");
    }

    @Test
    void refusesWhatItCannotServe() {
        Docker.Result noVolume = Docker.run("docker", "run", "--rm", IMAGE, "daemon");
        assertThat(noVolume.exit()).isEqualTo(64);
        assertThat(noVolume.out()).contains("invalid volume name");
        Docker.Result badName = Docker.run("docker", "run", "--rm", IMAGE, "daemon", "--volume", "../etc");
        assertThat(badName.exit()).isEqualTo(64);
        Docker.Result notMounted = Docker.run("docker", "run", "--rm", IMAGE, "--debug", "daemon", "--volume", VOLUME);
        assertThat(notMounted.exit()).isEqualTo(66);
        assertThat(notMounted.out()).contains("/export/" + VOLUME).contains("must be mounted there");
    }

    /** A share-manager container for the volume, its NFS port on the same loopback address every time. */
    private String start() {
        // SYS_ADMIN and DAC_READ_SEARCH: Ganesha's VFS backend works with file handles (name_to_handle_at,
        // open_by_handle_at); on a cluster the pod is privileged, as Longhorn's share-manager is
        String id = Docker.run("docker", "run", "-d", "--label", "rwx.test=share-manager",
                "--cap-add", "SYS_ADMIN", "--cap-add", "DAC_READ_SEARCH",
                "-e", "RWX_NFS_MINOR_VERSIONS=0, 1, 2", "-e", "RWX_GRACE_PERIOD=10",
                "-p", "127.0.0.1:" + port + ":2049", "-v", data + ":/export/" + VOLUME,
                IMAGE, "--debug", "daemon", "--volume", VOLUME).ok("docker run").out().lines().reduce((a, b) -> b)
                .orElseThrow();
        containers.add(id);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                Docker.run("nfs-ls", url("")).exit() == 0);
        return id;
    }

    private String url(String file) {
        return "nfs://127.0.0.1/" + VOLUME + "/" + file + "?version=4&nfsport=" + port;
    }

    private byte[] read(String file) throws IOException, InterruptedException {
        byte[] b = tryRead(file);
        assertThat(b).as("nfs-cat " + file).isNotNull();
        return b;
    }

    private byte[] tryRead(String file) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("nfs-cat", url(file)).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out;
        try (InputStream in = p.getInputStream()) {
            out = in.readAllBytes();
        }
        return p.waitFor() == 0 ? out : null;
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
