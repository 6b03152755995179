package io.rwx.localstack;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A userspace NFSv4 client: libnfs's {@code nfs-cp}, {@code nfs-cat} and {@code nfs-ls} (Debian {@code libnfs-utils}),
 * which need no kernel mount. What the local stack's workloads and the demo read and write through an endpoint
 * {@code nfs://<clusterIP>/<volume>} with.
 * <p>
 * libnfs 4.0 speaks NFSv4.0 only (the local stack's share-managers serve minor version 0 for it), cannot replace a
 * file ({@code nfs-cp} creates exclusively) and fails writes above about 3.9 KB on the client side (no WRITE reaches
 * the server), so files written through it are new and at most {@link #MAX_WRITE} bytes.
 */
public final class NfsClient {

    /** The largest file {@link #write} accepts: libnfs 4.0's NFSv4 writes of about 3.9 KB and more fail. */
    public static final int MAX_WRITE = 3072;
    static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** What one call did: ok, or the client's error (its stderr), and when it ended. */
    public record Result(boolean ok, String error, long endedAtMillis, byte[] data) {
    }

    private NfsClient() {
    }

    /** Whether the client's commands are installed. */
    public static boolean installed() {
        return Stack.which("nfs-cp") != null && Stack.which("nfs-cat") != null && Stack.which("nfs-ls") != null;
    }

    /** {@code nfs://<ip>/<volume>[/<file>]?version=4}: the URL of an endpoint, or of a file in it. */
    public static String url(String endpoint, String file) {
        return endpoint + (file == null ? "" : "/" + file) + "?version=4";
    }

    /** Creates {@code file} in the export with {@code data} (a new file: libnfs cannot replace one). */
    public static Result write(String endpoint, String file, byte[] data) {
        if (data.length > MAX_WRITE) {
            throw new IllegalArgumentException(data.length + " bytes: libnfs 4.0 writes at most " + MAX_WRITE + " here");
        }
        Path tmp = null;
        try {
            tmp = Files.createTempFile("rwx-nfs-write", ".dat");
            Files.write(tmp, data);
            return run(List.of("nfs-cp", tmp.toString(), url(endpoint, file)), false);
        } catch (IOException e) {
            return new Result(false, e.toString(), System.currentTimeMillis(), null);
        } finally {
            deleteQuietly(tmp);
        }
    }

    /** The contents of {@code file} in the export. */
    public static Result read(String endpoint, String file) {
        return run(List.of("nfs-cat", url(endpoint, file)), true);
    }

    /** Lists the export's root: it answers once the NFS server serves the export (the kubelet's readiness check). */
    public static Result list(String endpoint) {
        return run(List.of("nfs-ls", url(endpoint, null)), true);
    }

    public static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Result run(List<String> command, boolean keepOutput) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("rwx-nfs", ".out");
            err = Files.createTempFile("rwx-nfs", ".err");
            // both into files: a client that hangs must not block a reader (it is killed after the timeout)
            Process p = new ProcessBuilder(command).redirectError(err.toFile()).redirectOutput(out.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                return new Result(false, command.get(0) + ": no answer in " + TIMEOUT.toSeconds() + " s",
                        System.currentTimeMillis(), null);
            }
            String error = Files.readString(err, StandardCharsets.UTF_8).strip().replace('\n', ' ');
            boolean ok = p.exitValue() == 0;
            return new Result(ok, ok ? null : (error.isEmpty() ? command.get(0) + " exited " + p.exitValue() : error),
                    System.currentTimeMillis(), ok && keepOutput ? Files.readAllBytes(out) : null);
        } catch (IOException e) {
            return new Result(false, e.toString(), System.currentTimeMillis(), null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(false, "interrupted", System.currentTimeMillis(), null);
        } finally {
            deleteQuietly(out);
            deleteQuietly(err);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a temporary file
            }
        }
    }
}
