package io.rwx.localstack;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.rwx.crds.Longhorn;
import io.rwx.events.EventType;
import io.rwx.events.Topic;
import io.rwx.events.failover.FailoverCompleted;
import io.rwx.testing.kafka.EventTestClient;
import org.awaitility.Awaitility;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The outage NFS clients see, failover after failover, on a stack whose share-managers run for real: one RWX volume
 * used by a two-replica Deployment, an {@link OutageProbe} writing through its endpoint every 100 ms, the
 * share-manager failed (its container killed), and the time from the client's last good write to its first good
 * write measured; each episode runs to its {@code failover.completed} before the next failure.
 */
public final class ClientOutages {

    /** One failover as the client saw it, and how long the control plane took to get the replacement Ready. */
    public record Episode(OutageProbe.Outage outage, double replacementReadySeconds) {
    }

    static final String NS = "outages";
    private static final Duration WAIT = Duration.ofSeconds(120);

    private ClientOutages() {
    }

    /** Fails the share-manager of a fresh volume {@code failovers} times; the client's outage of each. */
    public static List<Episode> measure(DemoTarget stack, int failovers) throws Exception {
        try (KubernetesClient client = new KubernetesClientBuilder()
                .withConfig(Config.fromKubeconfig(Files.readString(stack.kubeconfig()))).build();
                EventTestClient kafka = new EventTestClient(stack.bootstrapServers(),
                        Arrays.stream(Topic.values()).map(Topic::defaultName).toList())) {
            client.load(new ByteArrayInputStream("""
                    apiVersion: v1
                    kind: Namespace
                    metadata: {name: outages}
                    ---
                    apiVersion: v1
                    kind: PersistentVolumeClaim
                    metadata: {name: outage-data, namespace: outages}
                    spec:
                      accessModes: [ReadWriteMany]
                      storageClassName: longhorn
                      resources: {requests: {storage: 1Gi}}
                    ---
                    apiVersion: apps/v1
                    kind: Deployment
                    metadata: {name: writer, namespace: outages}
                    spec:
                      replicas: 2
                      selector: {matchLabels: {app: writer}}
                      template:
                        metadata: {labels: {app: writer}}
                        spec:
                          containers:
                          - {name: writer, image: busybox:1.36, volumeMounts: [{name: data, mountPath: /data}]}
                          volumes:
                          - {name: data, persistentVolumeClaim: {claimName: outage-data}}
                    """.getBytes(StandardCharsets.UTF_8))).create();
            String volume = Awaitility.await("the PVC is bound").atMost(WAIT).until(() -> client.persistentVolumeClaims()
                    .inNamespace(NS).withName("outage-data").get().getSpec().getVolumeName(), v -> v != null);
            String pod = Longhorn.shareManagerPodName(volume);
            List<Episode> episodes = new ArrayList<>();
            for (int i = 0; i < failovers; i++) {
                Pod serving = Awaitility.await("share-manager " + pod + " Ready").atMost(WAIT)
                        .pollInterval(Duration.ofMillis(100)).until(() -> client.pods()
                                .inNamespace(Longhorn.DEFAULT_SYSTEM_NAMESPACE).withName(pod).get(), ClientOutages::ready);
                String endpoint = "nfs://" + client.services().inNamespace(Longhorn.DEFAULT_SYSTEM_NAMESPACE)
                        .withName(volume).get().getSpec().getClusterIP() + "/" + volume;
                try (OutageProbe probe = OutageProbe.start(endpoint, "outage-" + i, Duration.ofMillis(100))) {
                    Awaitility.await("the client writes through " + endpoint).atMost(WAIT).until(() -> probe.wroteAfter(0));
                    fail(stack, pod);
                    long failedAt = System.currentTimeMillis(); // the container is killed by now
                    Awaitility.await("the client writes again").atMost(WAIT).pollInterval(Duration.ofMillis(50))
                            .until(() -> probe.wroteAfter(failedAt));
                    String uid = serving.getMetadata().getUid();
                    FailoverCompleted done = kafka.await(EventType.FAILOVER_COMPLETED, e -> e.subject().equals(volume)
                            && e.dataAs(FailoverCompleted.class).episode().equals(uid), WAIT).dataAs(FailoverCompleted.class);
                    double ready = done.timeline().replacementReady() == null ? Double.NaN
                            : (done.timeline().replacementReady().toEpochMilli() - failedAt) / 1000.0;
                    episodes.add(new Episode(probe.outageAround(failedAt), ready));
                }
            }
            return episodes;
        }
    }

    private static boolean ready(Pod p) {
        return p != null && p.getMetadata().getDeletionTimestamp() == null && p.getStatus() != null
                && "Running".equals(p.getStatus().getPhase()) && p.getStatus().getConditions() != null
                && p.getStatus().getConditions().stream().anyMatch(c -> "Ready".equals(c.getType())
                && "True".equals(c.getStatus()));
    }

    private static void fail(DemoTarget stack, String pod) throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(stack.controlUrl()
                + "/pods/" + Longhorn.DEFAULT_SYSTEM_NAMESPACE + "/" + pod + "/fail"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("failing " + pod + ": " + r.statusCode() + " " + r.body());
        }
    }
}
