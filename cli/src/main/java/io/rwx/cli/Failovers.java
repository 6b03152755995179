package io.rwx.cli;

import io.rwx.events.CloudEvent;
import io.rwx.events.EventType;
import io.rwx.events.Topic;
import io.rwx.events.failover.RemountRequested;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code rwxctl failovers [--follow]}: every failover episode on {@code rwx.failovers}, as a timeline: when the
 * remount was requested, the workload pods deleted and those left for a manual restart, completed or stalled, and
 * how long it took. With {@code --follow}, each event as it comes, until interrupted.
 */
@Command(name = "failovers", description = "Failover episodes as timelines (from the rwx.failovers topic).")
class Failovers implements Callable<Integer> {

    @CommandLine.Mixin
    Rwxctl.Connection c;
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;
    @Option(names = {"-f", "--follow"}, description = "print each failover event as it comes, until interrupted")
    boolean follow;
    @Option(names = "--for", description = "with --follow: stop after this many seconds (default: never)")
    Long seconds;

    record Episode(String volume, String id, Instant remountRequested, int deleted, int manual, Instant ended,
            String outcome) {
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        Map<String, Episode> episodes = new LinkedHashMap<>();
        try (Topics topics = new Topics(c.bootstrapServers, java.util.List.of(Topic.FAILOVERS.defaultName()), true)) {
            topics.readToEnd(e -> apply(episodes, e));
            if (!follow) {
                if (c.json()) {
                    out.println(Rwxctl.JSON.writeValueAsString(episodes.values()));
                } else {
                    Rwxctl.Table t = new Rwxctl.Table("VOLUME", "EPISODE", "REMOUNT REQUESTED", "PODS DELETED",
                            "MANUAL RESTART", "OUTCOME", "TOOK");
                    for (Episode e : episodes.values()) {
                        t.row(e.volume(), e.id(), String.valueOf(e.remountRequested()), String.valueOf(e.deleted()),
                                String.valueOf(e.manual()), e.outcome() == null ? "in progress" : e.outcome(),
                                e.ended() == null || e.remountRequested() == null ? "-" : Duration.between(
                                        e.remountRequested(), e.ended()).toMillis() + " ms");
                    }
                    t.print(out);
                }
                return Rwxctl.OK;
            }
            long deadline = seconds == null ? Long.MAX_VALUE : System.nanoTime() + seconds * 1_000_000_000L;
            topics.follow(deadline, e -> {
                out.println(e.time() + "  " + e.subject() + "  " + e.type().type().replace("io.rwx.failover.", "")
                        .replace(".v1", "") + (c.json() ? "  " + Topics.data(e) : ""));
                out.flush();
            });
            return Rwxctl.OK;
        }
    }

    static void apply(Map<String, Episode> episodes, CloudEvent<?> e) {
        String volume = e.subject();
        String episodeId;
        if (e.type() == EventType.FAILOVER_REMOUNT_REQUESTED) {
            episodeId = e.dataAs(RemountRequested.class).episode();
            episodes.put(volume + "/" + episodeId, new Episode(volume, episodeId, e.time(), 0, 0, null, null));
            return;
        }
        Episode current = episodes.values().stream().filter(x -> x.volume().equals(volume) && x.outcome() == null)
                .reduce((a, b) -> b).orElse(null);
        if (current == null) {
            return;
        }
        String key = volume + "/" + current.id();
        switch (e.type()) {
            case FAILOVER_WORKLOAD_POD_DELETED -> episodes.put(key, new Episode(volume, current.id(),
                    current.remountRequested(), current.deleted() + 1, current.manual(), null, null));
            case FAILOVER_WORKLOAD_RESTART_NEEDED -> episodes.put(key, new Episode(volume, current.id(),
                    current.remountRequested(), current.deleted(), current.manual() + 1, null, null));
            case FAILOVER_COMPLETED -> episodes.put(key, new Episode(volume, current.id(), current.remountRequested(),
                    current.deleted(), current.manual(), e.time(), "completed"));
            case FAILOVER_STALLED -> episodes.put(key, new Episode(volume, current.id(), current.remountRequested(),
                    current.deleted(), current.manual(), e.time(), "stalled"));
            default -> { }
        }
    }

}
