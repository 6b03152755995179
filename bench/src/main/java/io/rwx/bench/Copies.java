package io.rwx.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * B4: the migration Job's copy on a generated tree (many small files, large ones, a sparse file, hard links,
 * symlinks, odd modes, foreign owners, xattrs), beside {@code cp -r -v} (the classic recipe) and {@code cp -a};
 * and what each kept.
 */
final class Copies {

    /** A copy: its wall time, the CPU time (user + system) of every process it ran, and what it kept. */
    record Variant(String name, double seconds, double cpuSeconds, Map<String, Boolean> kept) {
    }

    record B4(long files, long bytes, List<Variant> variants) {
    }

    private final Path work;
    /** The migration Job's copy script, as the Job runs it (read from the migration-service sources). */
    private final String script;

    Copies(Path work, Path repo) throws IOException {
        this.work = work;
        this.script = Files.readString(repo.resolve("migration-service/src/main/resources/io/rwx/migration/model/copy.sh"));
    }

    B4 b4(int smallFiles, int largeFiles, long largeBytes, long sparseBytes) throws Exception {
        Path src = work.resolve("src");
        deleteTree(work);
        Files.createDirectories(src);
        long[] totals = generate(src, smallFiles, largeFiles, largeBytes, sparseBytes);
        List<Variant> variants = new ArrayList<>();
        variants.add(run("cp -r -v (the classic recipe)", src, work.resolve("cp-r"),
                List.of("sh", "-c", "cp -r -v \"$0/.\" \"$1/\" > /dev/null", src.toString(), work.resolve("cp-r").toString())));
        variants.add(run("cp -a", src, work.resolve("cp-a"),
                List.of("cp", "-a", src + "/.", work.resolve("cp-a") + "/")));
        variants.add(job("migration Job copy, verify=checksum (a cp per core, then the verification; rsync copies "
                + "what differs)", src, "job", "checksum", "0"));
        variants.add(job("migration Job copy, verify=none (a cp per core, then rsync's pass over it)", src, "job-none",
                "none", "0"));
        // a rate cap (here one no disk reaches) makes the Job copy with rsync alone, as it does when it resumes a
        // copy and in images without GNU coreutils (busybox)
        variants.add(job("migration Job copy, verify=checksum, rsync alone (a resumed copy, a rate cap, a busybox "
                + "image)", src, "job-rsync", "checksum", "100000000"));
        variants.add(run("tar piped into tar (GNU tar: xattrs, ACLs, sparse, numeric owners; no verification)", src,
                work.resolve("tar"), List.of("sh", "-c", "cd \"$0\" && tar --xattrs --xattrs-include='*' --acls --sparse"
                        + " --numeric-owner -cf - . | (cd \"$1\" && tar --xattrs --xattrs-include='*' --acls --numeric-owner"
                        + " --same-owner -xpf -)", src.toString(), work.resolve("tar").toString())));
        deleteTree(work);
        return new B4(totals[0], totals[1], variants);
    }

    /** The migration Job's copy script, as the Job runs it, with {@code verify} and a rate cap ("0": none). */
    private Variant job(String name, Path src, String dir, String verify, String bwlimit) throws Exception {
        return run(name, src, work.resolve(dir), List.of("/bin/sh", "-c", script), Map.of("RWX_SRC", src.toString(),
                "RWX_DST", work.resolve(dir).toString(), "RWX_VERIFY", verify, "RWX_BWLIMIT", bwlimit, "RWX_SUMMARY",
                work.resolve(dir + "-summary.json").toString()));
    }

    private Variant run(String name, Path src, Path dst, List<String> command) throws Exception {
        return run(name, src, dst, command, Map.of());
    }

    private Variant run(String name, Path src, Path dst, List<String> command, Map<String, String> env) throws Exception {
        Files.createDirectories(dst);
        // the previous copy's dirty pages are written out first: each copy starts from the same state of the cache
        new ProcessBuilder("sync").start().waitFor();
        Path log = work.resolve(dst.getFileName() + ".log");
        Path times = work.resolve(dst.getFileName() + ".cpu");
        // bash's time: the user and system CPU of the command and every process it waited for
        List<String> timed = new ArrayList<>(List.of("bash", "-c",
                "TIMEFORMAT='%U %S'; { time \"$@\" > \"$RWX_BENCH_LOG\" 2>&1; } 2> \"$RWX_BENCH_CPU\"", "timed"));
        timed.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(timed).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(env);
        pb.environment().put("RWX_BENCH_LOG", log.toString());
        pb.environment().put("RWX_BENCH_CPU", times.toString());
        long t0 = System.nanoTime();
        int exit = pb.start().waitFor();
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (exit != 0) {
            throw new IllegalStateException(name + " exited " + exit + ": see " + log);
        }
        String[] cpu = Files.readString(times).trim().split("\\s+");
        double cpuSeconds = Double.parseDouble(cpu[cpu.length - 2]) + Double.parseDouble(cpu[cpu.length - 1]);
        // the copies stay until the end: in a run that deleted each before the next copy, every later copy took
        // about twice as long as in the runs before it (the disk writing blocks just freed), not what a migration meets
        return new Variant(name, seconds, cpuSeconds, kept(src, dst));
    }

    /** What a copy kept, property by property, over every entry of the tree (the entries checked side by side). */
    static Map<String, Boolean> kept(Path src, Path dst) throws IOException {
        List<String> properties = List.of("entries", "content (size)", "modes (incl. setuid, sticky)", "owners", "times",
                "symlinks", "hard links", "sparse files", "xattrs");
        Map<String, Boolean> seen = new java.util.concurrent.ConcurrentHashMap<>();
        properties.forEach(p -> seen.put(p, true));
        List<Path> entries;
        try (Stream<Path> walk = Files.walk(src)) {
            entries = walk.filter(p -> !p.equals(src)).toList();
        }
        Map<Object, Object> srcInodeToDst = new java.util.concurrent.ConcurrentHashMap<>();
        try {
            entries.parallelStream().forEach(s -> {
                try {
                    check(src, dst, s, seen, srcInodeToDst);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
        } catch (java.io.UncheckedIOException e) {
            throw e.getCause();
        }
        Map<String, Boolean> kept = new LinkedHashMap<>();
        properties.forEach(p -> kept.put(p, seen.get(p)));
        return kept;
    }

    private static void check(Path src, Path dst, Path s, Map<String, Boolean> kept, Map<Object, Object> srcInodeToDst)
            throws IOException {
        Path d = dst.resolve(src.relativize(s).toString());
        if (!Files.exists(d, LinkOption.NOFOLLOW_LINKS)) {
            kept.put("entries", false);
            return;
        }
        Map<String, Object> a = Files.readAttributes(s, "unix:mode,uid,gid,nlink,ino,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        Map<String, Object> b = Files.readAttributes(d, "unix:mode,uid,gid,nlink,ino,size,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
        if (Files.isSymbolicLink(s)) {
            kept.merge("symlinks", Files.isSymbolicLink(d) && Files.readSymbolicLink(s).equals(Files.readSymbolicLink(d)),
                    Boolean::logicalAnd);
            return;
        }
        kept.merge("modes (incl. setuid, sticky)", a.get("mode").equals(b.get("mode")), Boolean::logicalAnd);
        kept.merge("owners", a.get("uid").equals(b.get("uid")) && a.get("gid").equals(b.get("gid")), Boolean::logicalAnd);
        if (Files.isRegularFile(s, LinkOption.NOFOLLOW_LINKS)) {
            kept.merge("content (size)", a.get("size").equals(b.get("size")), Boolean::logicalAnd);
            kept.merge("times", a.get("lastModifiedTime").equals(b.get("lastModifiedTime")), Boolean::logicalAnd);
            if ((Integer) a.get("nlink") > 1) {
                Object mapped = srcInodeToDst.putIfAbsent(a.get("ino"), b.get("ino"));
                kept.merge("hard links", mapped == null || mapped.equals(b.get("ino")), Boolean::logicalAnd);
            }
            if (s.getFileName().toString().startsWith("sparse")) {
                kept.merge("sparse files", allocated(d) < (Long) a.get("size") / 4, Boolean::logicalAnd);
            }
            UserDefinedFileAttributeView xs = Files.getFileAttributeView(s, UserDefinedFileAttributeView.class);
            if (!xs.list().isEmpty()) {
                UserDefinedFileAttributeView xd = Files.getFileAttributeView(d, UserDefinedFileAttributeView.class);
                kept.merge("xattrs", xd.list().containsAll(xs.list()), Boolean::logicalAnd);
            }
        }
    }

    static long allocated(Path file) throws IOException {
        try {
            Process p = new ProcessBuilder("stat", "-c", "%b %B", file.toString()).start();
            String[] out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim().split(" ");
            p.waitFor();
            return Long.parseLong(out[0]) * Long.parseLong(out[1]);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Long.MAX_VALUE;
        }
    }

    /** The tree: returns {files, bytes}. */
    static long[] generate(Path root, int smallFiles, int largeFiles, long largeBytes, long sparseBytes) throws IOException {
        Random random = new Random(42);
        long files = 0;
        long bytes = 0;
        byte[] buffer = new byte[8192];
        boolean root0 = "root".equals(System.getProperty("user.name"));
        FileTime old = FileTime.from(Instant.parse("2019-03-04T05:06:07Z"));
        for (int i = 0; i < smallFiles; i++) {
            Path dir = root.resolve("d" + (i / 500)).resolve("e" + (i / 50 % 10));
            Files.createDirectories(dir);
            Path f = dir.resolve("f" + i);
            int size = 200 + random.nextInt(3800);
            random.nextBytes(buffer);
            Files.write(f, java.util.Arrays.copyOf(buffer, size));
            files++;
            bytes += size;
            if (i % 97 == 0) {
                Files.setAttribute(f, "unix:mode", i % 2 == 0 ? 04755 : 0600);
            }
            if (i % 101 == 0 && root0) {
                Files.setAttribute(f, "unix:uid", 1000 + i % 7);
                Files.setAttribute(f, "unix:gid", 2000 + i % 5);
            }
            if (i % 211 == 0) {
                Files.getFileAttributeView(f, UserDefinedFileAttributeView.class).write("rwx.origin",
                        ByteBuffer.wrap(("nfs-" + i).getBytes(StandardCharsets.UTF_8)));
            }
            if (i % 307 == 0) {
                Files.createLink(dir.resolve("h" + i), f);
                Files.createSymbolicLink(dir.resolve("s" + i), Path.of("f" + i));
            }
            Files.setLastModifiedTime(f, old);
        }
        Files.createDirectories(root.resolve("large"));
        byte[] chunk = new byte[1 << 20];
        for (int i = 0; i < largeFiles; i++) {
            random.nextBytes(chunk);
            Path f = root.resolve("large").resolve("big" + i + ".bin");
            try (var out = Files.newOutputStream(f)) {
                for (long w = 0; w < largeBytes; w += chunk.length) {
                    chunk[(int) (w / chunk.length % chunk.length)] ^= 1;
                    out.write(chunk, 0, (int) Math.min(chunk.length, largeBytes - w));
                }
            }
            files++;
            bytes += largeBytes;
        }
        try (RandomAccessFile sparse = new RandomAccessFile(root.resolve("large").resolve("sparse.img").toFile(), "rw")) {
            sparse.seek(sparseBytes - 1);
            sparse.write(1);
        }
        files++;
        Path shared = Files.createDirectories(root.resolve("shared-tmp"));
        Files.setAttribute(shared, "unix:mode", 01777);
        return new long[] {files, bytes};
    }

    /** {@code rm -rf}: a million unlinks in C rather than through a Java walk. */
    static void deleteTree(Path root) throws IOException {
        if (Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            try {
                int exit = new ProcessBuilder("rm", "-rf", "--", root.toString()).inheritIO().start().waitFor();
                if (exit != 0) {
                    throw new IOException("rm -rf " + root + " exited " + exit);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while deleting " + root, e);
            }
        }
    }
}
