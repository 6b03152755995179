package io.rwx.migration.model;

import io.rwx.events.migration.MigrationSummary;
import io.rwx.migration.kubernetes.CopySummaries;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserDefinedFileAttributeView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the migration Job's exact command ({@code /bin/sh -c} {@link CopyScript#SCRIPT}, with rsync from the
 * machine: .ci/run installs it) on real directories, and compares the trees entry by entry: content, type,
 * mode bits, numeric owners, mtimes, symlink targets, hard links, sparseness and xattrs.
 */
class CopyCommandTest {

    static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    static final boolean ROOT = "root".equals(System.getProperty("user.name"));
    static final long SPARSE_SIZE = 64L << 20;

    @TempDir
    Path tmp;
    Path src;
    Path dst;
    Path summaryFile;

    @BeforeEach
    void buildSourceTree() throws Exception {
        src = Files.createDirectories(tmp.resolve("old"));
        dst = Files.createDirectories(tmp.resolve("new"));
        summaryFile = tmp.resolve("termination-log");

        Files.createDirectories(src.resolve("a/b/c"));
        Files.writeString(src.resolve("a/b/c/deep.txt"), "nested content\n");
        Files.createDirectories(src.resolve("empty"));
        Files.createSymbolicLink(src.resolve("link-to-deep"), Path.of("a/b/c/deep.txt"));
        Files.createSymbolicLink(src.resolve("dangling"), Path.of("does/not/exist"));
        Files.createDirectories(src.resolve("data"));
        Files.writeString(src.resolve("data/one"), "hard-linked pair\n");
        Files.createLink(src.resolve("data/two"), src.resolve("data/one"));
        try (RandomAccessFile sparse = new RandomAccessFile(src.resolve("sparse.img").toFile(), "rw")) {
            sparse.seek(SPARSE_SIZE - 1);
            sparse.write(1);
        }
        byte[] big = new byte[3 << 20];
        new Random(42).nextBytes(big);
        Files.write(src.resolve("big.bin"), big);
        Files.writeString(src.resolve("setuid-tool"), "#!/bin/sh\n");
        Files.setAttribute(src.resolve("setuid-tool"), "unix:mode", 04755);
        Files.writeString(src.resolve("secret"), "s3cr3t\n");
        Files.setPosixFilePermissions(src.resolve("secret"), PosixFilePermissions.fromString("r--------"));
        Files.createDirectories(src.resolve("shared-tmp"));
        Files.setAttribute(src.resolve("shared-tmp"), "unix:mode", 01777);
        Files.createDirectories(src.resolve("private"));
        Files.setPosixFilePermissions(src.resolve("private"), PosixFilePermissions.fromString("rwx------"));
        UserDefinedFileAttributeView xattrs = Files.getFileAttributeView(src.resolve("a/b/c/deep.txt"),
                UserDefinedFileAttributeView.class);
        xattrs.write("rwx.origin", ByteBuffer.wrap("nfs-export-7".getBytes(StandardCharsets.UTF_8)));
        if (ROOT) {
            Files.setAttribute(src.resolve("secret"), "unix:uid", 1234);
            Files.setAttribute(src.resolve("secret"), "unix:gid", 5678);
            Files.setAttribute(src.resolve("a/b/c/deep.txt"), "unix:uid", 65534);
            Files.setAttribute(src.resolve("private"), "unix:uid", 4321);
        }
        // old, distinct timestamps, so a copy that does not keep them is caught (directories last)
        FileTime old = FileTime.from(Instant.parse("2019-03-04T05:06:07Z"));
        try (Stream<Path> all = Files.walk(src)) {
            List<Path> paths = new ArrayList<>(all.toList());
            java.util.Collections.reverse(paths);
            for (Path p : paths) {
                if (!Files.isSymbolicLink(p)) {
                    Files.setLastModifiedTime(p, old);
                }
            }
        }
    }

    @Test
    void copiesTheContentsWithEveryPieceOfMetadata() throws Exception {
        MigrationSummary summary = run(Map.of("RWX_VERIFY", "checksum"), 0);

        assertSameTree(src, dst);
        assertThat(dst.resolve("old")).as("contents, not the directory itself").doesNotExist();
        assertThat(Files.getAttribute(dst.resolve("data/one"), "unix:ino"))
                .as("hard links stay linked").isEqualTo(Files.getAttribute(dst.resolve("data/two"), "unix:ino"));
        assertThat(Files.size(dst.resolve("sparse.img"))).isEqualTo(SPARSE_SIZE);
        assertThat(allocatedBytes(dst.resolve("sparse.img"))).as("sparse file stays sparse").isLessThan(1 << 20);
        assertThat(summary.verified()).isTrue();
        assertThat(summary.filesTransferred()).as("every regular file once; the hard-linked pair is one inode")
                .isEqualTo(distinctRegularInodes(src));
        assertThat(summary.files()).as("entries incl. the root directory").isEqualTo(relativeEntries(src).size() + 1);
        assertThat(summary.bytes()).isGreaterThanOrEqualTo(SPARSE_SIZE + (3 << 20));
    }

    /**
     * Into an empty target the bulk is copied by one cp per part of the top-level entries (where GNU coreutils are
     * installed, as here); a hard link between two parts comes out as two files there. The verification finds it
     * and rsync, the copy of record, links them. 20 top-level links to one file: with at least two parts (the
     * script never uses fewer) and about 35 entries dealt round-robin, some link lands in another part than its file.
     */
    @Test
    void whatTheFastFirstPassCouldNotKeepIsFoundByTheVerificationAndCopiedByRsync() throws Exception {
        for (int i = 0; i < 20; i++) {
            Files.createLink(src.resolve(String.format("top-link-%02d", i)), src.resolve("data/one"));
        }

        ProcessResult r = exec(Map.of("RWX_VERIFY", "checksum"));

        assertThat(r.exit).as("stderr: %s", r.stderr).isZero();
        assertThat(r.stdout).as("the fast pass ran and left the links to rsync").contains("the fast pass left");
        assertSameTree(src, dst);
        Object inode = Files.getAttribute(dst.resolve("data/one"), "unix:ino");
        for (int i = 0; i < 20; i++) {
            assertThat(Files.getAttribute(dst.resolve(String.format("top-link-%02d", i)), "unix:ino")).isEqualTo(inode);
        }
        MigrationSummary summary = CopySummaries.parse(Files.readString(summaryFile)).orElseThrow();
        assertThat(summary.verified()).isTrue();
        assertThat(summary.filesTransferred()).isEqualTo(distinctRegularInodes(src));
    }

    @Test
    void aRetryAfterAPartialCopyCompletesItWithoutCopyingUnchangedFilesAgain() throws Exception {
        run(Map.of(), 0);
        // the first attempt died midway: one file missing, one cut short
        Files.delete(dst.resolve("a/b/c/deep.txt"));
        try (RandomAccessFile cut = new RandomAccessFile(dst.resolve("big.bin").toFile(), "rw")) {
            cut.setLength(1 << 20);
        }

        MigrationSummary retry = run(Map.of("RWX_VERIFY", "checksum"), 0);

        assertThat(retry.filesTransferred()).as("only the missing and the partial file").isEqualTo(2);
        assertSameTree(src, dst);
        assertThat(run(Map.of(), 0).filesTransferred()).as("a third run copies nothing").isZero();
    }

    @Test
    void checksumVerificationCatchesATargetThatDiffersInContentOnly() throws Exception {
        run(Map.of(), 0);
        Path victim = dst.resolve("data/one");
        FileTime mtime = Files.getLastModifiedTime(victim);
        Files.writeString(victim, "hard-linked PAIR\n"); // same size
        Files.setLastModifiedTime(victim, mtime);

        assertThat(run(Map.of("RWX_VERIFY", "size"), 0).verified()).as("size and time look equal").isTrue();
        run(Map.of("RWX_VERIFY", "checksum"), 2);
        assertThat(Files.readString(summaryFile)).contains("verification (checksum) found");
    }

    @Test
    void overwriteRemovesTargetFilesThatAreNotInTheSource() throws Exception {
        Files.writeString(dst.resolve("stale.txt"), "left over\n");

        run(Map.of(), 0);
        assertThat(dst.resolve("stale.txt")).as("kept without overwrite").exists();

        run(Map.of("RWX_DELETE", "true", "RWX_VERIFY", "size"), 0);
        assertThat(dst.resolve("stale.txt")).doesNotExist();
        assertSameTree(src, dst);
    }

    @Test
    void withoutKeepingOwnersTheCopyIsTheOneANonRootUserCanMake() throws Exception {
        MigrationSummary summary = run(Map.of("RWX_VERIFY", "checksum", "RWX_KEEP_OWNERS", "false"), 0);

        assertThat(summary.verified()).as("verified on what such a copy keeps").isTrue();
        assertThat(relativeEntries(dst)).isEqualTo(relativeEntries(src));
        assertThat(Files.readString(dst.resolve("a/b/c/deep.txt"))).isEqualTo("nested content\n");
        assertThat(Files.getAttribute(dst.resolve("secret"), "unix:mode", NOFOLLOW))
                .as("permissions kept").isEqualTo(Files.getAttribute(src.resolve("secret"), "unix:mode", NOFOLLOW));
        assertThat(Files.getLastModifiedTime(dst.resolve("big.bin"))).isEqualTo(Files.getLastModifiedTime(src.resolve("big.bin")));
        assertThat(Files.getAttribute(dst.resolve("data/one"), "unix:ino"))
                .as("hard links stay linked").isEqualTo(Files.getAttribute(dst.resolve("data/two"), "unix:ino"));
        int copier = (Integer) Files.getAttribute(tmp, "unix:uid");
        assertThat(Files.getAttribute(dst.resolve("secret"), "unix:uid", NOFOLLOW))
                .as("every file belongs to the copier, not to its source owner").isEqualTo(copier);
    }

    @Test
    void refusesOptionValuesItDoesNotKnow() throws Exception {
        ProcessResult r = exec(Map.of("RWX_VERIFY", "everything; rm -rf /"));
        assertThat(r.exit).isEqualTo(64);
        assertThat(r.stderr).contains("invalid RWX_VERIFY");
        try (Stream<Path> left = Files.list(dst)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void aBandwidthCapIsDigitsOnlyAndTheCopyStillCompletesUnderIt() throws Exception {
        ProcessResult bad = exec(Map.of("RWX_BWLIMIT", "10; rm -rf /"));
        assertThat(bad.exit).isEqualTo(64);
        assertThat(bad.stderr).contains("invalid RWX_BWLIMIT");
        MigrationSummary capped = run(Map.of("RWX_BWLIMIT", "1000000", "RWX_VERIFY", "checksum"), 0);
        assertThat(capped.verified()).isTrue();
        assertSameTree(src, dst);
    }

    // --- helpers -------------------------------------------------------------------------------------------

    record ProcessResult(int exit, String stdout, String stderr) {
    }

    private ProcessResult exec(Map<String, String> env) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder("/bin/sh", "-c", CopyScript.SCRIPT);
        pb.environment().put("RWX_SRC", src.toString());
        pb.environment().put("RWX_DST", dst.toString());
        pb.environment().put("RWX_SUMMARY", summaryFile.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new ProcessResult(p.waitFor(), out, err);
    }

    private MigrationSummary run(Map<String, String> env, int expectedExit) throws Exception {
        ProcessResult r = exec(env);
        assertThat(r.exit).as("exit code; stderr: %s", r.stderr).isEqualTo(expectedExit);
        if (expectedExit != 0) {
            return null;
        }
        MigrationSummary summary = CopySummaries.parse(Files.readString(summaryFile)).orElseThrow();
        assertThat(CopySummaries.parse(r.stdout)).contains(summary);
        return summary;
    }

    static void assertSameTree(Path a, Path b) throws IOException {
        assertThat(relativeEntries(b)).isEqualTo(relativeEntries(a));
        for (String rel : relativeEntries(a)) {
            Path x = a.resolve(rel);
            Path y = b.resolve(rel);
            assertThat(Files.isSymbolicLink(y)).as(rel).isEqualTo(Files.isSymbolicLink(x));
            assertThat(Files.isDirectory(y, NOFOLLOW)).as(rel).isEqualTo(Files.isDirectory(x, NOFOLLOW));
            if (Files.isSymbolicLink(x)) {
                assertThat(Files.readSymbolicLink(y)).as(rel).isEqualTo(Files.readSymbolicLink(x));
                continue;
            }
            for (String attr : new String[] {"unix:mode", "unix:uid", "unix:gid", "unix:nlink"}) {
                assertThat(Files.getAttribute(y, attr, NOFOLLOW)).as("%s of %s", attr, rel)
                        .isEqualTo(Files.getAttribute(x, attr, NOFOLLOW));
            }
            assertThat(Files.getLastModifiedTime(y, NOFOLLOW).toInstant().getEpochSecond()).as("mtime of %s", rel)
                    .isEqualTo(Files.getLastModifiedTime(x, NOFOLLOW).toInstant().getEpochSecond());
            if (Files.isRegularFile(x, NOFOLLOW)) {
                assertThat(Files.mismatch(x, y)).as("content of %s", rel).isEqualTo(-1L);
            }
            assertThat(xattrs(y)).as("xattrs of %s", rel).isEqualTo(xattrs(x));
        }
    }

    static TreeSet<String> relativeEntries(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString())
                    .collect(java.util.stream.Collectors.toCollection(TreeSet::new));
        }
    }

    static Map<String, String> xattrs(Path p) throws IOException {
        UserDefinedFileAttributeView view = Files.getFileAttributeView(p, UserDefinedFileAttributeView.class, NOFOLLOW);
        Map<String, String> values = new java.util.TreeMap<>();
        for (String name : view.list()) {
            ByteBuffer buf = ByteBuffer.allocate(view.size(name));
            view.read(name, buf);
            values.put(name, new String(buf.array(), StandardCharsets.UTF_8));
        }
        return values;
    }

    static long distinctRegularInodes(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            return all.filter(p -> Files.isRegularFile(p, NOFOLLOW)).map(p -> {
                try {
                    return Files.getAttribute(p, "unix:ino", NOFOLLOW);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).distinct().count();
        }
    }

    static long allocatedBytes(Path p) throws IOException, InterruptedException {
        Process stat = new ProcessBuilder("stat", "-c", "%b %B", p.toString()).start();
        String[] out = new String(stat.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim().split(" ");
        assertThat(stat.waitFor()).isZero();
        return Long.parseLong(out[0]) * Long.parseLong(out[1]);
    }
}
