package io.rwx.failover;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rwx.events.CloudEvent;
import io.rwx.events.EventData;
import io.rwx.events.EventIds;
import io.rwx.events.EventType;
import io.rwx.events.Topic;
import io.rwx.events.common.AccessMode;
import io.rwx.events.common.FailureReason;
import io.rwx.events.failover.RemountRequested;
import io.rwx.events.node.NodeFailed;
import io.rwx.events.node.NodeFailureReason;
import io.rwx.events.sharemanager.ShareManagerFailed;
import io.rwx.events.volume.VolumeObserved;
import io.rwx.testing.kafka.ConsumerGroups;
import io.rwx.testing.kafka.EventTestClient;
import io.rwx.testing.kafka.KafkaBroker;
import io.rwx.testing.kafka.KafkaBrokerResource;
import io.rwx.testing.kubernetes.ApiServer;
import io.rwx.testing.kubernetes.ApiServerResource;
import io.rwx.testing.kubernetes.InjectApiServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One action per volume at a time: for each of several episodes, 20 share-manager reports, 20 node failures and
 * 20 volume snapshots for the same volume are published at the same instant on three topics (three channels of
 * the service, each with its own consumer). However they interleave, each episode gets exactly one stamp write (in
 * the API server's request log) and one {@code remount-requested} event.
 */
@QuarkusTest
@QuarkusTestResource(ApiServerResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class OneActionPerEpisodeMockTest {

    static final Duration TIMEOUT = Duration.ofSeconds(60);
    static final int EPISODES = 4;
    static final int TRIGGERS_PER_CHANNEL = 20;

    @InjectApiServer
    ApiServer api;

    @Test
    void everyTriggerAtOnceStillStampsOncePerEpisode() {
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        KubernetesClient client = api.client();
        FailoverScenario s = new FailoverScenario(client, "vol-storm", "storm");
        Pod sm = s.create();
        s.workload(s.pod("web-1").ownedBy("apps/v1", "ReplicaSet", "web").startedAt(FailoverScenario.secondsAgo(600)));
        List<String> episodes = new ArrayList<>();
        try (EventTestClient kafka = new EventTestClient(bootstrap, List.of(Topic.FAILOVERS.defaultName()))) {
            for (int e = 0; e < EPISODES; e++) {
                Instant failedAt = s.failShareManager(Instant.now());
                String uid = sm.getMetadata().getUid();
                episodes.add(uid);
                List<CloudEvent<?>> storm = new ArrayList<>();
                for (int i = 0; i < TRIGGERS_PER_CHANNEL; i++) {
                    storm.add(event(failedAt, new ShareManagerFailed(s.volume, sm.getMetadata().getName(), uid,
                            "node-1", FailureReason.CONTAINER_EXITED, "exit 137")));
                    storm.add(event(failedAt, new NodeFailed("node-1", NodeFailureReason.EXTERNAL, "storm")));
                    storm.add(event(Instant.now(), new VolumeObserved(s.volume, null, AccessMode.RWX, "attached",
                            "healthy", "node-1", "node-1", null, null, null, null, List.of(), null, "1")));
                }
                storm.parallelStream().forEach(kafka::publish);

                kafka.await(EventType.FAILOVER_REMOUNT_REQUESTED, ev -> ev.dataAs(RemountRequested.class).episode()
                        .equals(uid), TIMEOUT);
                for (String[] group : new String[][] {{"failover-service.share-managers", Topic.SHARE_MANAGERS.defaultName()},
                        {"failover-service.nodes", Topic.NODES.defaultName()},
                        {"failover-service.volumes", Topic.VOLUMES.defaultName()}}) {
                    ConsumerGroups.awaitCaughtUp(bootstrap, group[0], group[1], TIMEOUT);
                }
                // the controller and kubelet: a replacement that serves (the next episode fails it), and the
                // ReplicaSet's new pod for the workload this episode restarts
                sm = s.replaceShareManager("node-1");
                s.workload(s.pod("web-" + (e + 2)).ownedBy("apps/v1", "ReplicaSet", "web").startedAt(Instant.now()));
            }
            for (String uid : episodes) {
                assertThat(kafka.events(EventType.FAILOVER_REMOUNT_REQUESTED))
                        .as("remount-requested of episode %s", uid)
                        .filteredOn(ev -> ev.dataAs(RemountRequested.class).episode().equals(uid)).hasSize(1);
            }
        }
        assertThat(api.requestsOf("failover-service"))
                .as("stamp writes: one per episode, %d episodes", EPISODES)
                .filteredOn(r -> r.method().equals("PATCH") && r.path().endsWith("/volumes/vol-storm/status"))
                .hasSize(EPISODES);
    }

    private static CloudEvent<?> event(Instant at, EventData data) {
        return CloudEvent.of(EventIds.random(), "//rwx/test/volume-watcher", at, data);
    }
}
