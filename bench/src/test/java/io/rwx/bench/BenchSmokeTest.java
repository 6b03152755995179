package io.rwx.bench;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The benchmark harness still works: every benchmark runs at tiny sizes and reports every row (CI runs this; the
 * figures of BENCHMARKS.md come from a full run, ./rwx bench). What must hold at any size is asserted: no episode
 * lost, no volume handled twice, every copy variant kept its tree.
 */
class BenchSmokeTest {

    @Test
    void everyBenchmarkRunsAndReports() throws Exception {
        Path repo = Path.of(System.getProperty("rwx.repo", "..")).toAbsolutePath().normalize();
        Report report = Bench.run(repo, Bench.Sizes.SMOKE, true);
        Path out = repo.resolve("bench/target/BENCHMARKS-smoke.md");
        report.write(out, "# Benchmarks (smoke)");
        assertThat(report.rows()).extracting(Report.Row::id).containsExactly("B4", "B1", "B2", "B3a", "B3b", "B5");
        assertThat(report.rows()).allSatisfy(r -> assertThat(r.measured()).doesNotContain("NaN"));
        // the report's prose is wrapped: compare with every run of white space as one space
        String md = Files.readString(out).replaceAll("\\s+", " ");
        assertThat(md).contains("Episodes that did not complete within 30 s: 0.")
                .contains("Volumes handled twice (more than one new stamp): 0")
                .contains("Volumes not failed over within 120 s: 0").contains("Services not live afterwards: none");
        // B4's table: every copy but the classic recipe keeps every property checked; the classic recipe must be
        // seen to lose some (the check can fail)
        String raw = Files.readString(out);
        String b4 = raw.substring(raw.indexOf("## B4 migration copy"));
        b4 = b4.substring(0, b4.indexOf("\n## "));
        List<String> copies = b4.lines().filter(l -> l.startsWith("| ") && !l.startsWith("| copy |")).toList();
        assertThat(copies).hasSize(6);
        assertThat(copies).filteredOn(l -> l.startsWith("| cp -r -v")).singleElement().asString().contains("**no**");
        assertThat(copies).filteredOn(l -> !l.startsWith("| cp -r -v"))
                .as("every copy but cp -r -v kept every property it is checked for")
                .allSatisfy(l -> assertThat(l).doesNotContain("**no**"));
    }
}
