package io.rwx.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code rwxctl migrate NS/OLD NS/NEW [--follow]}: requests a migration; with {@code --follow}, shows its progress
 * until it ends (a bar redrawn in place on a terminal; one line per change in a pipe or a log) and exits 0 when it
 * succeeded, 6 when it failed (with the reason).
 */
@Command(name = "migrate", description = "Copy the data of an old PVC into a new RWX PVC of the same namespace.")
class Migrate implements Callable<Integer> {

    @CommandLine.Mixin
    Rwxctl.Connection c;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @Parameters(index = "0", paramLabel = "NS/OLD", description = "the source PVC")
    String source;
    @Parameters(index = "1", paramLabel = "NS/NEW", description = "the target PVC (ReadWriteMany, not in use)")
    String target;
    @Option(names = "--verify", defaultValue = "checksum", description = "none, size or checksum (default)")
    String verify;
    @Option(names = "--overwrite", description = "remove files in the target that are not in the source")
    boolean overwrite;
    @Option(names = "--id", description = "a migration id (repeating the request with it returns the same migration)")
    String id;
    @Option(names = {"-f", "--follow"}, description = "show the progress until the migration ends")
    boolean follow;
    @Option(names = "--interval", defaultValue = "1000", description = "milliseconds between progress polls")
    long interval;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String[] from = source.split("/", 2);
        String[] to = target.split("/", 2);
        if (from.length != 2 || to.length != 2) {
            err.println("rwxctl: source and target are NAMESPACE/PVC");
            return Rwxctl.USAGE;
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (id != null) {
            body.put("migrationId", id);
        }
        body.put("namespace", from[0]);
        body.put("sourcePvc", from[1]);
        body.put("targetNamespace", to[0]);
        body.put("targetPvc", to[1]);
        body.put("options", Map.of("verify", verify, "overwrite", overwrite, "force", false));
        HttpResponse<String> r = c.call("POST", c.migrationsUrl + "/migrations", Rwxctl.JSON.writeValueAsString(body));
        if (r.statusCode() != 202) {
            return Rwxctl.problem(r, err);
        }
        JsonNode m = Rwxctl.JSON.readTree(r.body());
        String migration = m.path("id").asText();
        if (!follow) {
            out.println(c.json() ? r.body() : "migration " + migration + " started (Job " + m.path("job").asText() + ")");
            return Rwxctl.OK;
        }
        boolean terminal = System.console() != null && !c.json();
        String last = "";
        while (true) {
            HttpResponse<String> g = c.call("GET", c.migrationsUrl + "/migrations/" + migration, null);
            if (g.statusCode() != 200) {
                return Rwxctl.problem(g, err);
            }
            m = Rwxctl.JSON.readTree(g.body());
            String state = m.path("state").asText();
            String line = c.json() ? g.body().replaceAll("\\s*\\n\\s*", " ") : render(migration, m);
            if (!line.equals(last)) {
                if (terminal) {
                    out.print("\r" + line + "\u001b[K");
                } else {
                    out.println(line);
                }
                out.flush();
                last = line;
            }
            if (state.equals("SUCCEEDED") || state.equals("FAILED") || state.equals("CANCELLED")) {
                if (terminal) {
                    out.println();
                }
                if (!state.equals("SUCCEEDED")) {
                    err.println("rwxctl: migration " + migration + " " + state.toLowerCase() + ": "
                            + m.path("reason").asText("") + " " + m.path("message").asText(""));
                    return Rwxctl.FAILED;
                }
                if (!c.json()) {
                    JsonNode s = m.path("summary");
                    out.println("migration " + migration + " succeeded: " + s.path("files").asLong() + " files, "
                            + bytes(s.path("bytes").asLong()) + (s.path("verified").asBoolean() ? ", verified ("
                            + s.path("verify").asText() + ")" : ""));
                }
                out.flush();
                return Rwxctl.OK;
            }
            Thread.sleep(interval);
        }
    }

    /** {@code m-1234 RUNNING [#########-----------]  45%  1.2 GB  12.3 MB/s  ETA 0:00:12  files 30/120}. */
    static String render(String id, JsonNode m) {
        String state = m.path("state").asText();
        JsonNode p = m.path("progress");
        if (p.isMissingNode() || p.isNull()) {
            return String.format("%s %-9s [%s] %s", id, state, "-".repeat(20),
                    state.equals("SUCCEEDED") ? "100%" : "waiting for the copy to report");
        }
        int percent = p.path("percent").asInt();
        int filled = Math.max(0, Math.min(20, percent / 5));
        String files = p.path("filesTotal").isNumber() ? "  files " + p.path("filesDone").asLong() + "/"
                + p.path("filesTotal").asLong() : "";
        String eta = "";
        long rate = p.path("bytesPerSecond").asLong();
        if (rate > 0 && percent > 0 && percent < 100) {
            long total = p.path("bytesCopied").asLong() * 100 / percent;
            long left = (total - p.path("bytesCopied").asLong()) / rate;
            eta = String.format("  ETA %d:%02d:%02d", left / 3600, left / 60 % 60, left % 60);
        }
        return String.format("%s %-9s [%s%s] %3d%%  %s  %s/s%s%s", id, state, "#".repeat(filled), "-".repeat(20 - filled),
                percent, bytes(p.path("bytesCopied").asLong()), bytes(rate), eta, files);
    }

    static String bytes(long b) {
        if (b < 1000) {
            return b + " B";
        }
        String[] units = {"kB", "MB", "GB", "TB"};
        double v = b;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format("%.1f %s", v, units[u]);
    }
}
