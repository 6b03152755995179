package io.rwx.localstack;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The files of a simulated volume, as the storage layer holds them: the demo seeds an old NFS volume with a small
 * tree (a hard link, a symbolic link, an empty directory, a restrictive mode, a foreign owner where it runs as root)
 * and compares what a migration copied by the trees' listings. Both go through the cluster's control endpoint, so
 * the demo needs no access to the cluster's file system (the cluster may run in a container).
 */
final class VolumeTrees {

    private VolumeTrees() {
    }

    /** The demo's source tree; owners are changed only where the cluster runs as root. */
    static void seed(Path root) throws IOException {
        Files.createDirectories(root.resolve("site/img"));
        Files.createDirectories(root.resolve("empty"));
        Files.writeString(root.resolve("site/index.html"), "<h1>served over NFS</h1>\n");
        Files.write(root.resolve("site/img/logo.bin"), new byte[64 * 1024]);
        Files.createSymbolicLink(root.resolve("current"), Path.of("site"));
        Files.createLink(root.resolve("site/index-hardlink.html"), root.resolve("site/index.html"));
        Files.setPosixFilePermissions(root.resolve("site/index.html"), PosixFilePermissions.fromString("rw-r-----"));
        if ("root".equals(System.getProperty("user.name"))) {
            Files.setAttribute(root.resolve("site/img/logo.bin"), "unix:uid", 1001);
            Files.setAttribute(root.resolve("site/img/logo.bin"), "unix:gid", 1001);
        }
    }

    /** A file of {@code bytes} pseudo-random bytes (so no compression or sparseness shortens its copy). */
    static void large(Path root, long bytes) throws IOException {
        byte[] chunk = new byte[1 << 20];
        new java.util.Random(7).nextBytes(chunk);
        try (var out = Files.newOutputStream(root.resolve("large.bin"))) {
            for (long written = 0; written < bytes; written += chunk.length) {
                chunk[(int) (written / chunk.length % chunk.length)]++;
                out.write(chunk, 0, (int) Math.min(chunk.length, bytes - written));
            }
        }
    }

    /**
     * One line per entry, sorted by path: {@code path type mode uid:gid nlinks link-group content}, where the
     * link group is the first path sharing the entry's inode (hard links show the same group) and content is a
     * symbolic link's target or a file's SHA-256. Two trees copied faithfully list the same lines.
     */
    static List<String> list(Path root) throws IOException {
        List<String> lines = new ArrayList<>();
        Map<Object, String> inodes = new HashMap<>();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.filter(p -> !p.equals(root)).sorted().toList()) {
                String rel = root.relativize(p).toString();
                Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,nlink,ino", LinkOption.NOFOLLOW_LINKS);
                String group = inodes.computeIfAbsent(a.get("ino"), k -> rel);
                String type = Files.isSymbolicLink(p) ? "link" : Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) ? "dir" : "file";
                String content = switch (type) {
                    case "link" -> Files.readSymbolicLink(p).toString();
                    case "file" -> sha256(p);
                    default -> "-";
                };
                lines.add(String.join(" ", rel, type, Integer.toOctalString((Integer) a.get("mode") & 07777),
                        a.get("uid") + ":" + a.get("gid"), String.valueOf(a.get("nlink")), group, content));
            }
        }
        return lines;
    }

    private static String sha256(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, n);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
