package io.rwx.failover;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rwx.events.EventType;
import io.rwx.events.Topic;
import io.rwx.events.common.FailureReason;
import io.rwx.events.failover.WorkloadPodDeleted;
import io.rwx.failover.config.FailoverConfig;
import io.rwx.failover.kubernetes.ClaimGateway;
import io.rwx.failover.kubernetes.EventRecorder;
import io.rwx.failover.kubernetes.NodeGateway;
import io.rwx.failover.kubernetes.PodGateway;
import io.rwx.failover.kubernetes.SettingGateway;
import io.rwx.failover.kubernetes.VolumeGateway;
import io.rwx.failover.metrics.FailoverMetrics;
import io.rwx.failover.model.FailureSignal;
import io.rwx.testing.kafka.EventTestClient;
import io.rwx.testing.kafka.KafkaBroker;
import io.rwx.testing.kubernetes.Crds;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service is killed mid-episode (after the stamp, before any deletion) and a new instance with empty memory
 * starts: it resumes from what the API holds, deletes the same pods once, and never stamps again. Two
 * coordinator instances on one mock API server stand for the process before and after the restart; events go
 * through the real broker.
 */
@EnableKubernetesMockClient(crud = true)
class FailoverRestartMockTest {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    KubernetesClient client;
    EventTestClient kafka;

    @BeforeEach
    void setUp() {
        Crds.install(client);
        kafka = new EventTestClient(KafkaBroker.shared().bootstrapServers(), List.of(Topic.FAILOVERS.defaultName()));
    }

    @AfterEach
    void tearDown() {
        kafka.close();
    }

    FailoverCoordinator newServiceInstance() {
        FailoverConfig config = new TestConfig();
        return new FailoverCoordinator(config, new VolumeGateway(client, config), new PodGateway(client, config),
                new ClaimGateway(client), new NodeGateway(client), new SettingGateway(client, config),
                new EventRecorder(client, config), kafka::publish, new FailoverMetrics(new SimpleMeterRegistry()));
    }

    @Test
    void aRestartMidEpisodeEndsWithTheSameResultAndOneStamp() {
        FailoverScenario s = new FailoverScenario(client, "vol-restart", "shop");
        Pod failed = s.create();
        Pod web = s.workload(s.pod("web-1").ownedBy("apps/v1", "ReplicaSet", "web").onNode("node-1")
                .startedAt(FailoverScenario.secondsAgo(600)));
        Pod db = s.workload(s.pod("db-0").ownedBy("apps/v1", "StatefulSet", "db").onNode("node-2")
                .startedAt(FailoverScenario.secondsAgo(600)));
        s.failShareManager();
        Instant detected = Instant.now().minusSeconds(1);

        FailoverCoordinator before = newServiceInstance();
        before.onFailure(new FailureSignal(s.volume, failed.getMetadata().getUid(), "node-1",
                FailureReason.CONTAINER_EXITED, detected, "//rwx/test/volume-watcher"));
        String stamp = s.volume().getStatus().getRemountRequestedAt();
        String resourceVersionAfterStamp = s.volume().getMetadata().getResourceVersion();
        assertThat(stamp).isNotNull();
        before.stop(); // killed: its memory is gone

        // while it is down, the replacement becomes ready and a new pod starts after the stamp
        s.replaceShareManager("node-2");
        Pod late = s.workload(s.pod("web-2").ownedBy("apps/v1", "ReplicaSet", "web").onNode("node-2")
                .startedAt(Instant.parse(stamp).plusSeconds(2)));
        assertThat(s.volume().getMetadata().getResourceVersion()).isEqualTo(resourceVersionAfterStamp);

        FailoverCoordinator after = newServiceInstance();
        after.start();
        try {
            // a redelivery of the original report reaches the new instance too
            after.onFailure(new FailureSignal(s.volume, failed.getMetadata().getUid(), "node-1",
                    FailureReason.CONTAINER_EXITED, detected, "//rwx/test/volume-watcher"));

            assertThat(s.get("web-1")).isNull();
            assertThat(s.get("db-0")).isNull();
            assertThat(s.get("web-2").getMetadata().getUid()).isEqualTo(late.getMetadata().getUid());
            assertThat(s.volume().getStatus().getRemountRequestedAt()).isEqualTo(stamp);
            await().atMost(TIMEOUT).until(() -> kafka.events(EventType.FAILOVER_WORKLOAD_POD_DELETED).size() >= 2);
            assertThat(kafka.events(EventType.FAILOVER_WORKLOAD_POD_DELETED))
                    .extracting(e -> e.dataAs(WorkloadPodDeleted.class).pod().uid())
                    .containsExactlyInAnyOrder(web.getMetadata().getUid(), db.getMetadata().getUid());
            assertThat(kafka.events(EventType.FAILOVER_REMOUNT_REQUESTED))
                    .as("one stamp, one remount request: the restarted instance did not stamp again").hasSize(1);

            // and a second restart after the deletions deletes nothing more
            FailoverCoordinator third = newServiceInstance();
            third.start();
            third.stop();
            assertThat(s.get("web-2")).isNotNull();
            assertThat(s.volume().getStatus().getRemountRequestedAt()).isEqualTo(stamp);
        } finally {
            after.stop();
        }
    }

    /** The defaults of FailoverConfig, with a long resync period so that only explicit calls act. */
    static final class TestConfig implements FailoverConfig {
        @Override
        public String systemNamespace() {
            return "longhorn-system";
        }

        @Override
        public String cluster() {
            return "test";
        }

        @Override
        public Optional<Set<String>> trustedSources() {
            return Optional.empty();
        }

        @Override
        public Duration replacementTimeout() {
            return Duration.ofMinutes(5);
        }

        @Override
        public Duration resyncInterval() {
            return Duration.ofHours(1);
        }

        @Override
        public int maxAttempts() {
            return 5;
        }
    }
}
