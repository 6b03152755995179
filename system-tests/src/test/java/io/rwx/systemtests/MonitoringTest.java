package io.rwx.systemtests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Monitoring that fires: the alert rules pass {@code promtool check rules} and the unit tests of
 * {@code monitoring/tests} (each alert firing on its first occurrence after a restart); every alert has a
 * {@code for}, a summary, a description and a runbook section that exists; the PrometheusRule of the monitoring
 * overlay carries the same groups; and every metric (and every label value an alert selects) that the rules and
 * the dashboard use is exported by a running service (the scrapes the services' health tests keep in
 * {@code target/metrics}), at 0 before anything happened where it is a counter.
 */
class MonitoringTest {

    static final Path RULES = Docker.REPO.resolve("monitoring/prometheus-rules.yaml");
    static final Path RULE_TESTS = Docker.REPO.resolve("monitoring/tests");
    static final Path DASHBOARD = Docker.REPO.resolve("deploy/overlays/monitoring/grafana-dashboard.json");
    static final Path OPERATOR_RULE = Docker.REPO.resolve("deploy/overlays/monitoring/prometheusrule.yaml");
    static final Path RUNBOOKS = Docker.REPO.resolve("docs/runbooks.md");

    @Test
    void promtoolAcceptsTheRulesAndEveryAlertFiresInItsTest() throws IOException {
        Tools.assumeAvailable("promtool", List.of("promtool", "--version"), "prometheus");
        assertThat(Docker.run(Docker.REPO, 120, List.of("promtool", "check", "rules", RULES.toString()))
                .ok("promtool check rules").out()).contains("SUCCESS");
        List<String> command = new ArrayList<>(List.of("promtool", "test", "rules"));
        try (Stream<Path> tests = Files.list(RULE_TESTS)) {
            tests.filter(p -> p.toString().endsWith(".yaml")).sorted().forEach(p -> command.add(p.toString()));
        }
        assertThat(Docker.run(Docker.REPO, 120, command).ok("promtool test rules").out()).contains("SUCCESS");
        String tested = Files.readString(RULE_TESTS.resolve("rules-test.yaml"));
        for (JsonNode rule : rules()) {
            assertThat(tested).as("a promtool test of %s", rule.path("alert").asText())
                    .contains("alertname: " + rule.path("alert").asText());
        }
    }

    @Test
    void everyAlertHasForSummaryDescriptionAndARunbookSection() throws IOException {
        String runbooks = Files.readString(RUNBOOKS);
        Set<String> anchors = new LinkedHashSet<>();
        Matcher heading = Pattern.compile("(?m)^#+\\s+(.+)$").matcher(runbooks);
        while (heading.find()) {
            anchors.add(heading.group(1).trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 -]", "").replace(' ', '-'));
        }
        for (JsonNode rule : rules()) {
            String alert = rule.path("alert").asText();
            assertThat(rule.has("for")).as("%s has for", alert).isTrue();
            JsonNode a = rule.path("annotations");
            assertThat(a.path("summary").asText()).as("%s summary", alert).isNotBlank();
            assertThat(a.path("description").asText()).as("%s description", alert).isNotBlank();
            String runbook = a.path("runbook").asText();
            assertThat(runbook).as("%s runbook", alert).startsWith("docs/runbooks.md#");
            assertThat(anchors).as("a section of docs/runbooks.md for %s", alert)
                    .contains(runbook.substring(runbook.indexOf('#') + 1));
        }
    }

    @Test
    void thePrometheusRuleOfTheOverlayCarriesTheSameRules() throws IOException {
        JsonNode plain = Manifests.YAML.readTree(RULES.toFile());
        JsonNode operator = Manifests.YAML.readTree(OPERATOR_RULE.toFile());
        assertThat(operator.path("kind").asText()).isEqualTo("PrometheusRule");
        assertThat(operator.path("spec").path("groups")).as("deploy/overlays/monitoring/prometheusrule.yaml spec.groups "
                + "equals monitoring/prometheus-rules.yaml groups").isEqualTo(plain.path("groups"));
    }

    @Test
    void everyMetricTheRulesAndTheDashboardUseIsExportedByARunningService() throws IOException {
        Map<String, List<Map<String, String>>> exported = exported();
        assertThat(exported).as("scrapes in <module>/target/metrics (the services' health tests write them)").isNotEmpty();
        List<String> expressions = new ArrayList<>();
        rules().forEach(r -> expressions.add(r.path("expr").asText()));
        new ObjectMapper().readTree(DASHBOARD.toFile()).path("panels").forEach(p -> p.path("targets")
                .forEach(t -> expressions.add(t.path("expr").asText())));
        List<String> missing = new ArrayList<>();
        for (String expr : expressions) {
            for (Selector s : selectors(expr)) {
                List<Map<String, String>> series = exported.getOrDefault(s.name(), List.of());
                boolean found = series.stream().anyMatch(labels -> labels.entrySet().containsAll(s.labels().entrySet()));
                if (!found) {
                    missing.add(s + " in " + expr);
                }
            }
        }
        assertThat(missing).as("metrics or label values no running service exports").isEmpty();
    }

    record Selector(String name, Map<String, String> labels) {
        @Override
        public String toString() {
            return name + labels;
        }
    }

    /** Metric names with their equality label matchers; a {@code __name__=~"a_(x|y)_b"} expands to each name. */
    static List<Selector> selectors(String expr) {
        List<Selector> out = new ArrayList<>();
        Matcher named = Pattern.compile("\\{__name__=~\"([^\"]+)\"([^}]*)}").matcher(expr);
        while (named.find()) {
            Map<String, String> labels = labels(named.group(2));
            for (String name : expand(named.group(1))) {
                out.add(new Selector(name, labels));
            }
        }
        Matcher m = Pattern.compile("\\b(rwx_[a-z0-9_]+)(\\{([^}]*)})?").matcher(expr.replaceAll("\\{__name__=~\"[^\"]+\"[^}]*}", ""));
        while (m.find()) {
            out.add(new Selector(m.group(1), m.group(3) == null ? Map.of() : labels(m.group(3))));
        }
        return out;
    }

    private static Map<String, String> labels(String matchers) {
        Map<String, String> labels = new HashMap<>();
        Matcher m = Pattern.compile("(\\w+)\\s*=\\s*\"([^\"]*)\"").matcher(matchers);
        while (m.find()) {
            if (!m.group(1).equals("job")) { // the scrape's job label is added by Prometheus, not by the service
                labels.put(m.group(1), m.group(2));
            }
        }
        return labels;
    }

    private static List<String> expand(String regex) {
        Matcher m = Pattern.compile("\\(([^()]+)\\)").matcher(regex);
        if (!m.find()) {
            return List.of(regex);
        }
        List<String> out = new ArrayList<>();
        for (String alternative : m.group(1).split("\\|")) {
            out.addAll(expand(regex.substring(0, m.start()) + alternative + regex.substring(m.end())));
        }
        return out;
    }

    /** Every series of every scrape kept by a service's health test: name -> label sets. */
    static Map<String, List<Map<String, String>>> exported() throws IOException {
        Map<String, List<Map<String, String>>> series = new HashMap<>();
        List<Path> scrapes;
        try (Stream<Path> modules = Files.list(Docker.REPO)) {
            scrapes = modules.map(m -> m.resolve("target/metrics")).filter(Files::isDirectory).flatMap(d -> {
                try (Stream<Path> s = Files.list(d)) {
                    return s.filter(f -> f.toString().endsWith(".prom")).toList().stream();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        Pattern sample = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(.*)})?\\s+\\S+.*$");
        for (Path scrape : scrapes) {
            for (String line : Files.readAllLines(scrape)) {
                Matcher m = sample.matcher(line);
                if (line.startsWith("#") || !m.matches()) {
                    continue;
                }
                series.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(m.group(3) == null ? Map.of() : labels(m.group(3)));
            }
        }
        return series;
    }

    static List<JsonNode> rules() throws IOException {
        List<JsonNode> rules = new ArrayList<>();
        Manifests.YAML.readTree(RULES.toFile()).path("groups").forEach(g -> g.path("rules").forEach(rules::add));
        return rules;
    }
}
