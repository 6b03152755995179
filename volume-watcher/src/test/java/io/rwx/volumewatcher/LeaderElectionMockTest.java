package io.rwx.volumewatcher;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rwx.crds.Volume;
import io.rwx.events.CloudEvent;
import io.rwx.events.EventType;
import io.rwx.testing.Fixtures;
import io.rwx.testing.kafka.EventTestClient;
import io.rwx.testing.kafka.KafkaBroker;
import io.rwx.testing.kubernetes.ApiServer;
import io.rwx.volumewatcher.config.WatcherConfig;
import io.rwx.volumewatcher.metrics.WatcherMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two replicas on one mock API server: only the leader publishes; when the leader stops (its elector is
 * cancelled without releasing the Lease), the standby takes over within the lease time and starts with a full
 * resync. Each replica's events go through the real broker.
 */
class LeaderElectionMockTest {

    static final Duration LEASE = Duration.ofSeconds(3);

    ApiServer api;
    KubernetesClient client;
    EventTestClient kafka;
    final List<CloudEvent<?>> byA = new CopyOnWriteArrayList<>();
    final List<CloudEvent<?>> byB = new CopyOnWriteArrayList<>();
    VolumeWatcher a;
    VolumeWatcher b;

    @BeforeEach
    void setUp() {
        api = ApiServer.start();
        client = api.client();
        kafka = new EventTestClient(KafkaBroker.shared().bootstrapServers(), List.of("rwx.volumes"));
        client.resource(Fixtures.namespace("ha")).create();
        for (String v : List.of("ha-1", "ha-2")) {
            client.resources(Volume.class).resource(Fixtures.rwxVolume(v)).create();
            client.resource(Fixtures.persistentVolume(v, "ha", v + "-data")).create();
            client.resource(Fixtures.persistentVolumeClaim("ha", v + "-data", v)).create();
        }
    }

    @AfterEach
    void tearDown() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
        kafka.close();
        api.close();
    }

    final SimpleMeterRegistry metricsA = new SimpleMeterRegistry();
    final SimpleMeterRegistry metricsB = new SimpleMeterRegistry();

    VolumeWatcher replica(String identity, List<CloudEvent<?>> published, SimpleMeterRegistry registry) {
        return VolumeWatcherService.create(new TestConfig(), new io.rwx.volumewatcher.kubernetes.WatcherCluster(client,
                new TestConfig()), e -> {
            kafka.publish(e);
            published.add(e);
        }, new WatcherMetrics(registry), identity);
    }

    static double leaderGauge(SimpleMeterRegistry registry) {
        return registry.get("rwx.volumewatcher.leader").gauge().value();
    }

    @Test
    void theStandbyTakesOverWithinTheLeaseTimeAndResyncsEverything() {
        a = replica("replica-a", byA, metricsA);
        a.start();
        await().atMost(Duration.ofSeconds(20)).until(a::isLeader);
        await().atMost(Duration.ofSeconds(20)).until(() -> observed(byA).size() >= 2);
        b = replica("replica-b", byB, metricsB);
        b.start();
        await().atMost(Duration.ofSeconds(20)).until(b::synced);

        // a change while A leads: A publishes it, B (standby) publishes nothing
        Volume v = client.resources(Volume.class).inNamespace(Fixtures.SYSTEM_NAMESPACE).withName("ha-1").get();
        v.getStatus().setShareState("running");
        client.resources(Volume.class).resource(v).updateStatus();
        await().atMost(Duration.ofSeconds(20)).until(() -> observed(byA).stream()
                .anyMatch(e -> "running".equals(((io.rwx.events.volume.VolumeObserved) e.data()).shareState())));
        assertThat(b.isLeader()).isFalse();
        assertThat(byB).isEmpty();
        assertThat(leaderGauge(metricsA)).isEqualTo(1.0);
        assertThat(leaderGauge(metricsB)).isEqualTo(0.0);

        Instant killed = Instant.now();
        a.stopElection();

        await().atMost(LEASE.plusSeconds(10)).until(() -> observed(byB).size() >= 2);
        Duration takeover = Duration.between(killed, Instant.now());
        assertThat(b.isLeader()).isTrue();
        assertThat(leaderGauge(metricsB)).isEqualTo(1.0);
        await().atMost(Duration.ofSeconds(5)).until(() -> leaderGauge(metricsA) == 0.0);
        assertThat(observed(byB)).extracting(CloudEvent::subject).contains("ha-1", "ha-2");
        assertThat(takeover).as("take-over time").isLessThan(LEASE.plusSeconds(8));
        assertThat(kafka.events(EventType.VOLUME_OBSERVED).stream().filter(e -> e.subject().equals("ha-2")).count())
                .as("the resync went through Kafka").isGreaterThanOrEqualTo(2);
    }

    static List<CloudEvent<?>> observed(List<CloudEvent<?>> events) {
        return events.stream().filter(e -> e.type() == EventType.VOLUME_OBSERVED).toList();
    }

    static final class TestConfig implements WatcherConfig {
        public String systemNamespace() {
            return Fixtures.SYSTEM_NAMESPACE;
        }

        public String cluster() {
            return "test";
        }

        public Duration resyncPeriod() {
            return Duration.ofHours(1);
        }

        public String leaseName() {
            return "rwx-volume-watcher";
        }

        public Optional<String> identity() {
            return Optional.empty();
        }

        public Duration leaseDuration() {
            return LEASE;
        }

        public Duration renewDeadline() {
            return Duration.ofSeconds(2);
        }

        public Duration retryPeriod() {
            return Duration.ofMillis(300);
        }
    }
}
