package io.rwx.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** BENCHMARKS.md: the machine, the method, and one section per benchmark with its figures beside its baseline. */
final class Report {

    record Row(String id, String what, String measured, String baseline, String ratio, String target, boolean met) {
    }

    private final List<Row> rows = new ArrayList<>();
    private final StringBuilder sections = new StringBuilder();

    void row(String id, String what, String measured, String baseline, String ratio, String target, boolean met) {
        rows.add(new Row(id, what, measured, baseline, ratio, target, met));
    }

    void section(String title, String body) {
        sections.append("\n## ").append(title).append("\n\n").append(body.strip()).append('\n');
    }

    List<Row> rows() {
        return rows;
    }

    void write(Path file, String header) throws IOException {
        StringBuilder md = new StringBuilder(header.strip()).append("\n\n");
        md.append("| id | what | measured | baseline (same run) | ratio | target | met |\n|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            md.append("| ").append(String.join(" | ", r.id(), r.what(), r.measured(), r.baseline(), r.ratio(), r.target(),
                    r.met() ? "yes" : "**no**")).append(" |\n");
        }
        md.append(sections);
        Files.writeString(file, md.toString());
    }
}
