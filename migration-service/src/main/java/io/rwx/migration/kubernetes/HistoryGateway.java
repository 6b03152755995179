package io.rwx.migration.kubernetes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.rwx.migration.config.MigrationConfig;
import io.rwx.migration.model.MigrationView;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finished migrations, remembered durably: one ConfigMap ({@value #NAME}) in the service's namespace, one key per
 * migration id holding its final view as JSON, the oldest dropped beyond {@code rwx.migration.history-size}. A
 * restarted service (or another replica) answers GET for migrations whose Job is long gone.
 */
@ApplicationScoped
public class HistoryGateway {

    public static final String NAME = "rwx-migration-history";
    static final int MAX_ENTRY_CHARS = 4096;
    private static final Logger LOG = Logger.getLogger(HistoryGateway.class);
    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final KubernetesClient client;
    private final String namespace;
    private final int keep;

    public HistoryGateway(KubernetesClient client, MigrationConfig config) {
        this.client = client;
        this.namespace = config.historyNamespace();
        this.keep = config.historySize();
    }

    /** The remembered migrations, oldest first. */
    public Map<String, MigrationView> load() {
        Map<String, MigrationView> views = new LinkedHashMap<>();
        try {
            ConfigMap cm = client.configMaps().inNamespace(namespace).withName(NAME).get();
            if (cm == null || cm.getData() == null) {
                return views;
            }
            cm.getData().entrySet().stream().map(e -> read(e.getValue())).flatMap(Optional::stream)
                    .sorted(java.util.Comparator.comparing(v -> String.valueOf(v.completedAt())))
                    .forEach(v -> views.put(v.id(), v));
        } catch (KubernetesClientException e) {
            LOG.warnf("could not read the migration history %s/%s: %s", namespace, NAME, e.getMessage());
        }
        return views;
    }

    /** Remembers a finished migration; drops the ids in {@code forget} (the oldest, beyond the history size). */
    public void remember(MigrationView view, List<String> forget) {
        try {
            String json = JSON.writeValueAsString(view);
            if (json.length() > MAX_ENTRY_CHARS) {
                json = JSON.writeValueAsString(view.withFailureOutput(null).withProgress(null));
            }
            Map<String, String> data = new LinkedHashMap<>();
            data.put(view.id(), json);
            forget.forEach(id -> data.put(id, null));
            ConfigMap existing = client.configMaps().inNamespace(namespace).withName(NAME).get();
            if (existing == null) {
                data.values().removeIf(java.util.Objects::isNull);
                client.resource(new ConfigMapBuilder().withNewMetadata().withName(NAME).withNamespace(namespace)
                        .addToLabels("app.kubernetes.io/managed-by", "rwx-migration-service").endMetadata()
                        .withData(data).build()).create();
            } else {
                client.configMaps().inNamespace(namespace).resource(existing).patch(PatchContext.of(PatchType.JSON_MERGE),
                        JSON.writeValueAsString(Map.of("data", data)));
            }
        } catch (KubernetesClientException | com.fasterxml.jackson.core.JsonProcessingException e) {
            LOG.warnf("could not remember migration %s in %s/%s: %s", view.id(), namespace, NAME, e.getMessage());
        }
    }

    public int keep() {
        return keep;
    }

    private static Optional<MigrationView> read(String json) {
        try {
            return Optional.of(JSON.readValue(json, MigrationView.class));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
