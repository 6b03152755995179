package io.rwx.failover;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rwx.events.EventType;
import io.rwx.events.Topic;
import io.rwx.events.common.FailureReason;
import io.rwx.events.failover.WorkloadPodDeleted;
import io.rwx.failover.config.FailoverConfig;
import io.rwx.failover.kubernetes.EventRecorder;
import io.rwx.failover.kubernetes.PodGateway;
import io.rwx.failover.kubernetes.VolumeGateway;
import io.rwx.failover.metrics.FailoverMetrics;
import io.rwx.failover.model.FailureSignal;
import io.rwx.failover.model.SeenPods;
import io.rwx.kit.kubernetes.ClusterCache;
import io.rwx.testing.kafka.EventTestClient;
import io.rwx.testing.kafka.KafkaBroker;
import io.rwx.testing.kubernetes.ApiServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service is killed mid-episode (after the stamp, before any deletion) and a new instance with empty memory
 * starts: it resumes from what the API holds, deletes the same pods once, and never stamps again. Coordinator
 * instances (each with its own informer cache and memory) on one in-memory API server stand for the process before
 * and after the restart; events go through the real broker.
 */
class FailoverRestartMockTest {

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    ApiServer api;
    KubernetesClient client;
    EventTestClient kafka;
    final List<AutoCloseable> instances = new ArrayList<>();

    @BeforeEach
    void setUp() {
        api = ApiServer.start();
        client = api.client();
        kafka = new EventTestClient(KafkaBroker.shared().bootstrapServers(), List.of(Topic.FAILOVERS.defaultName()));
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : instances) {
            c.close();
        }
        kafka.close();
        api.close();
    }

    /** A new process: its own client (user agent of the service), informer cache and memory. */
    FailoverCoordinator newServiceInstance() {
        FailoverConfig config = new TestConfig();
        KubernetesClient own = api.client("rwx-failover-service/test");
        ClusterCache cache = new ClusterCache(own, config.systemNamespace(), EnumSet.of(ClusterCache.Kind.VOLUME,
                ClusterCache.Kind.SHARE_MANAGER, ClusterCache.Kind.PERSISTENT_VOLUME,
                ClusterCache.Kind.PERSISTENT_VOLUME_CLAIM, ClusterCache.Kind.POD, ClusterCache.Kind.NODE,
                ClusterCache.Kind.SETTING));
        FailoverMetrics metrics = new FailoverMetrics(new SimpleMeterRegistry());
        SeenPods seen = new SeenPods();
        EpisodeActions actions = new EpisodeActions(config, new VolumeGateway(own), new PodGateway(own), cache,
                new EventRecorder(own, config), kafka::publish, metrics, new Timelines(metrics));
        FailoverCoordinator coordinator = new FailoverCoordinator(config, cache,
                new EpisodeFactsLoader(config, cache, seen), actions, new VolumeGateway(own), seen, metrics);
        instances.add(own);
        instances.add(cache);
        instances.add(coordinator::stop);
        return coordinator;
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
        before.start();
        before.report(signal(s, failed, detected)).join();
        String stamp = s.stamp();
        String resourceVersionAfterStamp = s.volume().getMetadata().getResourceVersion();
        assertThat(stamp).isNotNull();
        before.stop(); // killed: its memory is gone

        // while it is down, the replacement becomes ready and a new pod starts after the stamp
        s.replaceShareManager("node-2");
        Pod late = s.workload(s.pod("web-2").ownedBy("apps/v1", "ReplicaSet", "web").onNode("node-2")
                .startedAt(Instant.parse(stamp).plusSeconds(2)));
        assertThat(s.volume().getMetadata().getResourceVersion()).isEqualTo(resourceVersionAfterStamp);

        FailoverCoordinator after = newServiceInstance();
        after.start(); // its first periodic pass resumes the episode recorded on the volume
        // and a redelivery of the original report reaches the new instance too
        after.report(signal(s, failed, detected)).join();

        await().atMost(TIMEOUT).until(() -> s.get("web-1") == null && s.get("db-0") == null);
        assertThat(s.get("web-2").getMetadata().getUid()).isEqualTo(late.getMetadata().getUid());
        assertThat(s.stamp()).isEqualTo(stamp);
        await().atMost(TIMEOUT).until(() -> kafka.events(EventType.FAILOVER_WORKLOAD_POD_DELETED).size() >= 2);
        assertThat(kafka.events(EventType.FAILOVER_WORKLOAD_POD_DELETED))
                .extracting(e -> e.dataAs(WorkloadPodDeleted.class).pod().uid())
                .containsExactlyInAnyOrder(web.getMetadata().getUid(), db.getMetadata().getUid());
        assertThat(kafka.events(EventType.FAILOVER_REMOUNT_REQUESTED))
                .as("one stamp, one remount request: the restarted instance did not stamp again").hasSize(1);
        assertThat(api.requestsOf("failover-service")).as("one stamp write")
                .filteredOn(r -> r.method().equals("PATCH") && r.path().endsWith("/volumes/vol-restart/status"))
                .hasSize(1);
        after.stop();

        // and a third instance after the deletions deletes nothing more
        FailoverCoordinator third = newServiceInstance();
        third.start();
        third.reconcile(s.volume).join();
        assertThat(s.get("web-2")).isNotNull();
        assertThat(s.stamp()).isEqualTo(stamp);
    }

    static FailureSignal signal(FailoverScenario s, Pod failed, Instant detected) {
        return new FailureSignal(s.volume, failed.getMetadata().getUid(), "node-1", FailureReason.CONTAINER_EXITED,
                detected, Instant.now(), "//rwx/test/volume-watcher");
    }

    /** The defaults of FailoverConfig, with a long resync period so that only explicit calls act after start. */
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

        @Override
        public int lanes() {
            return 2;
        }
    }
}
