package io.rwx.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.rwx.events.CloudEventCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code rwxctl}: the rwx system from a terminal or a script. Exit codes a script can rely on: 0 done, 1 error
 * (unreachable, unexpected answer), 2 usage, 3 refused (a rule: the volume is bound, the target is in use, ...),
 * 4 not allowed (401/403), 5 not found, 6 the migration failed.
 */
@Command(name = "rwxctl", mixinStandardHelpOptions = true, version = "rwxctl 0.1.0",
        description = "Volumes, access modes, failovers and migrations of an rwx system.",
        subcommands = {Rwxctl.Volumes.class, Rwxctl.VolumeCommand.class, Failovers.class, Migrate.class, Events.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:error (unreachable, unexpected answer)", "2:usage",
                "3:refused by a rule (e.g. the volume is bound, the target PVC is in use)", "4:not allowed (401/403)",
                "5:not found", "6:the migration failed"})
public class Rwxctl implements Callable<Integer> {

    public static final int OK = 0;
    public static final int ERROR = 1;
    public static final int USAGE = 2;
    public static final int REFUSED = 3;
    public static final int NOT_ALLOWED = 4;
    public static final int NOT_FOUND = 5;
    public static final int FAILED = 6;

    /** The contract's mapper (ISO-8601 instants), indented: what -o json prints. */
    static final ObjectMapper JSON = CloudEventCodec.defaultMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** Where the system is and who is asking (environment variables as {@code ./rwx up} writes them to .rwx/env). */
    static class Connection {
        @Option(names = "--volumes-url", defaultValue = "${env:RWX_SHARE_MANAGER_CONTROLLER_URL:-http://127.0.0.1:8082}",
                description = "share-manager-controller's URL (default: $RWX_SHARE_MANAGER_CONTROLLER_URL)")
        String volumesUrl;

        @Option(names = "--migrations-url", defaultValue = "${env:RWX_MIGRATION_SERVICE_URL:-http://127.0.0.1:8084}",
                description = "migration-service's URL (default: $RWX_MIGRATION_SERVICE_URL)")
        String migrationsUrl;

        @Option(names = "--bootstrap-servers", defaultValue = "${env:KAFKA_BOOTSTRAP_SERVERS:-127.0.0.1:9092}",
                description = "Kafka (default: $KAFKA_BOOTSTRAP_SERVERS)")
        String bootstrapServers;

        @Option(names = "--token", defaultValue = "${env:RWX_TOKEN}",
                description = "Kubernetes bearer token (default: $RWX_TOKEN; e.g. kubectl create token <sa>)")
        String token;

        @Option(names = {"-o", "--output"}, defaultValue = "table", description = "table or json")
        String output;

        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

        HttpResponse<String> call(String method, String url, String body) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/json");
            if (token != null && !token.isBlank()) {
                b.header("Authorization", "Bearer " + token);
            }
            if (body != null) {
                b.header("Content-Type", "application/json");
            }
            b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        }

        boolean json() {
            return "json".equalsIgnoreCase(output);
        }
    }

    /** The exit code of an HTTP answer, and its problem printed on stderr. */
    static int problem(HttpResponse<String> r, PrintWriter err) {
        String message = r.body();
        try {
            JsonNode p = JSON.readTree(r.body());
            message = p.path("reason").asText("") + ": " + p.path("message").asText(r.body());
        } catch (Exception e) {
            // not JSON: as it is
        }
        err.println("rwxctl: " + r.statusCode() + " " + message);
        return switch (r.statusCode()) {
            case 401, 403 -> NOT_ALLOWED;
            case 404 -> NOT_FOUND;
            case 400 -> USAGE;
            case 409, 422 -> REFUSED;
            default -> ERROR;
        };
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return USAGE;
    }

    @Command(name = "volumes", description = "List volumes: access mode, share state, endpoint, node, bound PVC.")
    static class Volumes implements Callable<Integer> {
        @CommandLine.Mixin
        Connection c;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            HttpResponse<String> r = c.call("GET", c.volumesUrl + "/volumes", null);
            if (r.statusCode() != 200) {
                return problem(r, spec.commandLine().getErr());
            }
            JsonNode volumes = JSON.readTree(r.body());
            if (c.json()) {
                out.println(JSON.writeValueAsString(volumes));
                return OK;
            }
            Table t = new Table("NAME", "SIZE", "ACCESS", "STATE", "SHARE", "ENDPOINT", "NODE", "PVC");
            for (JsonNode v : volumes) {
                t.row(v.path("name").asText(), v.path("size").asText("-"), v.path("accessMode").asText("-"),
                        v.path("state").asText("-"), v.path("shareState").asText("-"), v.path("shareEndpoint").asText("-"),
                        v.path("nodeID").asText("-"), v.path("pvc").asText("-"));
            }
            t.print(out);
            return OK;
        }
    }

    @Command(name = "volume", description = "Act on one volume.", subcommands = {SetAccessMode.class})
    static class VolumeCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            spec.commandLine().usage(spec.commandLine().getOut());
            return USAGE;
        }
    }

    @Command(name = "set-access-mode", description = "Change a volume's access mode (only while it is detached and "
            + "not bound to a PVC; the refusal says why).")
    static class SetAccessMode implements Callable<Integer> {
        @CommandLine.Mixin
        Connection c;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(index = "0", description = "volume name")
        String volume;
        @Parameters(index = "1", description = "rwo, rwx or rwop")
        String mode;

        @Override
        public Integer call() throws Exception {
            HttpResponse<String> r = c.call("PUT", c.volumesUrl + "/volumes/" + volume + "/accessMode",
                    JSON.writeValueAsString(Map.of("accessMode", mode)));
            if (r.statusCode() != 200) {
                return problem(r, spec.commandLine().getErr());
            }
            spec.commandLine().getOut().println(c.json() ? r.body() : "volume " + volume + ": access mode " + mode);
            return OK;
        }
    }

    /** Fixed-width columns. */
    static final class Table {
        private final List<String> header;
        private final List<List<String>> rows = new java.util.ArrayList<>();

        Table(String... header) {
            this.header = List.of(header);
        }

        void row(String... cells) {
            rows.add(List.of(cells));
        }

        void print(PrintWriter out) {
            int[] widths = new int[header.size()];
            for (List<String> r : concat()) {
                for (int i = 0; i < r.size(); i++) {
                    widths[i] = Math.max(widths[i], r.get(i).length());
                }
            }
            for (List<String> r : concat()) {
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < r.size(); i++) {
                    line.append(String.format("%-" + (widths[i] + 2) + "s", r.get(i)));
                }
                out.println(line.toString().stripTrailing());
            }
            out.flush();
        }

        private List<List<String>> concat() {
            List<List<String>> all = new java.util.ArrayList<>();
            all.add(header);
            all.addAll(rows);
            return all;
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Rwxctl()).execute(args));
    }
}
