package io.rwx.cli;

import io.rwx.events.Topic;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code rwxctl events tail [--type T] [--from-beginning]}: the event stream of every rwx topic. */
@Command(name = "events", description = "The rwx event stream.", subcommands = {Events.Tail.class})
class Events implements Callable<Integer> {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return Rwxctl.USAGE;
    }

    @Command(name = "tail", description = "Print events as they come (one line each; -o json: the data too).")
    static class Tail implements Callable<Integer> {
        @CommandLine.Mixin
        Rwxctl.Connection c;
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--type", description = "only this type (e.g. io.rwx.failover.completed.v1); repeatable")
        List<String> types;
        @Option(names = "--from-beginning", description = "start with what the topics hold")
        boolean fromBeginning;
        @Option(names = "--max", description = "stop after this many events")
        Integer max;
        @Option(names = "--for", description = "stop after this many seconds")
        Long seconds;
        @Parameters(arity = "0", hidden = true)
        List<String> ignored;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            int[] printed = {0};
            long deadline = seconds == null ? Long.MAX_VALUE : System.nanoTime() + seconds * 1_000_000_000L;
            try (Topics topics = new Topics(c.bootstrapServers, Arrays.stream(Topic.values()).map(Topic::defaultName)
                    .toList(), fromBeginning)) {
                topics.follow(deadline, () -> max != null && printed[0] >= max, e -> {
                    if ((types == null || types.contains(e.type().type())) && (max == null || printed[0] < max)) {
                        out.println(e.time() + "  " + e.type().type() + "  " + e.subject()
                                + (e.requestedBy() == null ? "" : "  requested by " + e.requestedBy())
                                + (c.json() ? "  " + Topics.data(e) : ""));
                        out.flush();
                        printed[0]++;
                    }
                });
            }
            return Rwxctl.OK;
        }
    }
}
