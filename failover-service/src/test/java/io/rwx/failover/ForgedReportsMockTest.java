package io.rwx.failover;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rwx.events.CloudEvent;
import io.rwx.events.EventIds;
import io.rwx.events.common.FailureReason;
import io.rwx.events.sharemanager.ShareManagerFailed;
import io.rwx.testing.kafka.EventTestClient;
import io.rwx.testing.kafka.KafkaBroker;
import io.rwx.testing.kafka.KafkaBrokerResource;
import io.rwx.testing.kubernetes.ApiServer;
import io.rwx.testing.kubernetes.ApiServerResource;
import io.rwx.testing.kubernetes.InjectApiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The failure reports found forging from outside (issue 13), end to end: each reaches the service over Kafka from an
 * untrusted source, against a healthy volume with two workload pods. None stamps the volume or deletes a pod; and
 * afterwards a genuine failure of the same volume still opens an episode, stamped no later than it was seen.
 */
@QuarkusTest
@QuarkusTestResource(ApiServerResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class ForgedReportsMockTest {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @InjectApiServer
    ApiServer api;

    KubernetesClient client;
    EventTestClient kafka;

    @BeforeEach
    void connect() {
        client = api.client();
        kafka = new EventTestClient(KafkaBroker.shared().bootstrapServers(), List.of());
    }

    @AfterEach
    void disconnect() {
        kafka.close();
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
        a podUid that never existed                 | vol-forged-ghost   | ghost   | -
        a podUid that never existed, time in 2099   | vol-forged-2099    | ghost   | 2099-01-01T00:00:00Z
        the healthy current pod                     | vol-forged-healthy | current | -
        the healthy current pod, time in 2099       | vol-forged-h2099   | current | 2099-01-01T00:00:00Z
        """)
    void aForgedReportDeletesNothingAndBlocksNoLaterEpisode(String description, String volume, String pod,
            String time) {
        FailoverScenario s = new FailoverScenario(client, volume, "shop");
        Pod sm = s.create();
        s.workload(s.pod(volume + "-web-1").ownedBy("apps/v1", "ReplicaSet", "web").startedAt(FailoverScenario.secondsAgo(300)));
        s.workload(s.pod(volume + "-web-2").ownedBy("apps/v1", "ReplicaSet", "web").startedAt(FailoverScenario.secondsAgo(300)));
        double before = FailoverMockTest.metric("rwx_failover_episodes_total", "result", "unconfirmed");
        String uid = pod.equals("ghost") ? "00000000-dead-beef-0000-000000000000" : sm.getMetadata().getUid();
        Instant at = time.equals("-") ? Instant.now() : Instant.parse(time);

        kafka.publish(CloudEvent.of(EventIds.random(), "//evil/anyone", at, new ShareManagerFailed(volume,
                "share-manager-" + volume, uid, "node-1", FailureReason.CONTAINER_EXITED, "forged: " + description)));

        await().atMost(TIMEOUT).until(() -> FailoverMockTest.metric("rwx_failover_episodes_total", "result",
                "unconfirmed") > before);
        assertThat(s.stamp()).as(description + ": no stamp").isNull();
        assertThat(s.get(volume + "-web-1")).as(description + ": web-1 kept").isNotNull();
        assertThat(s.get(volume + "-web-2")).as(description + ": web-2 kept").isNotNull();

        // a genuine failure afterwards is failed over, stamped no later than it was seen
        Instant failedAt = s.failShareManager(Instant.now());
        kafka.publish(CloudEvent.of(EventIds.random(), FailoverMockTest.WATCHER, failedAt, new ShareManagerFailed(volume,
                sm.getMetadata().getName(), sm.getMetadata().getUid(), "node-1", FailureReason.CONTAINER_EXITED,
                "exit 137")));
        await().atMost(TIMEOUT).until(() -> s.stamp() != null);
        assertThat(Instant.parse(s.stamp()))
                .as(description + ": the genuine episode's stamp").isBeforeOrEqualTo(Instant.now());
    }
}
