package io.rwx.systemtests;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.rwx.testing.kubernetes.ApiRequest;
import io.rwx.testing.kubernetes.RequestInfo;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RBAC proven against use. Every request a service sent to the in-memory API server during the build's tests
 * (each service's integration tests and the local-stack story; {@code target/api-requests/*.jsonl} of every
 * module, including what fabric8 does on its own, such as leader election's PATCH of the Lease, and the
 * {@code update <owner>/finalizers} a real API server checks for {@code blockOwnerDeletion}) must be allowed by
 * that service's rules in the rendered {@code deploy/} base, and every verb a rule grants must have been used.
 */
class RbacCoverageTest {

    static final String NAMESPACE = "longhorn-system";
    static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules()
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static Rbac rbac;
    static Map<String, List<Rbac.Request>> requests;

    @BeforeAll
    static void load() throws IOException {
        Manifests.assumeKubectl();
        rbac = Rbac.of(Manifests.render("deploy"));
        requests = recorded();
    }

    @Test
    void everyServiceSentRequestsInTheBuild() {
        assertThat(requests.keySet()).as("services with recorded API requests (target/api-requests of each module)")
                .containsAll(Docker.SERVICES);
    }

    @Test
    void everyRecordedRequestIsAllowedByTheServicesRules() {
        List<String> denied = new ArrayList<>();
        requests.forEach((service, list) -> {
            String account = NAMESPACE + "/rwx-" + service;
            Map<String, String> byAttributes = new LinkedHashMap<>(); // one line per verb/resource/scope, one example
            list.stream().filter(r -> !rbac.allowed(account, r)).forEach(r -> byAttributes.putIfAbsent(
                    r.verb() + " " + r.group() + "/" + r.resource() + " " + (r.namespace() == null ? "(cluster)"
                            : NAMESPACE.equals(r.namespace()) ? "in " + NAMESPACE : "in a workload namespace"),
                    r.example()));
            byAttributes.forEach((what, example) -> denied.add(service + ": " + what + "   e.g. " + example));
        });
        assertThat(denied).as("requests the rules in deploy/ do not allow:%s", Rbac.lines(denied)).isEmpty();
    }

    @Test
    void everyGrantedVerbWasUsed() {
        List<String> unused = new ArrayList<>();
        for (String service : Docker.SERVICES) {
            String account = NAMESPACE + "/rwx-" + service;
            List<Rbac.Request> sent = requests.getOrDefault(service, List.of());
            for (Rbac.Grant grant : rbac.grantsOf(account)) {
                if (sent.stream().noneMatch(grant::allows)) {
                    unused.add(service + ": " + grant);
                }
            }
        }
        assertThat(unused).as("rules in deploy/ that grant what no recorded request used:%s", Rbac.lines(unused)).isEmpty();
    }

    /** The recorded requests per service, as the attributes RBAC authorizes (non-resource URLs left out). */
    static Map<String, List<Rbac.Request>> recorded() throws IOException {
        Map<String, List<Rbac.Request>> byService = new LinkedHashMap<>();
        List<Path> files;
        try (Stream<Path> modules = Files.list(Docker.REPO)) {
            files = modules.map(m -> m.resolve("target/api-requests")).filter(Files::isDirectory).flatMap(d -> {
                try (Stream<Path> s = Files.list(d)) {
                    return s.filter(f -> f.toString().endsWith(".jsonl")).toList().stream();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).toList();
        }
        for (Path file : files) {
            for (String line : Files.readAllLines(file)) {
                if (line.isBlank()) {
                    continue;
                }
                ApiRequest r = JSON.readValue(line, ApiRequest.class);
                RequestInfo info = r.info();
                if (r.service() == null || !info.isResource()) {
                    continue; // discovery and /version: allowed to every authenticated user by default roles
                }
                String resource = info.subresource() == null ? info.resource() : info.resource() + "/" + info.subresource();
                byService.computeIfAbsent(r.service(), s -> new ArrayList<>()).add(new Rbac.Request(r.service(),
                        info.verb(), info.group(), resource, info.namespace(), info.name(), r.method() + " " + r.path()
                        + (r.query() == null ? "" : "?" + r.query())));
            }
        }
        return byService;
    }

}
