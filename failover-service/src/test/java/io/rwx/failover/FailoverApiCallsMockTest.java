package io.rwx.failover;

import io.fabric8.kubernetes.api.model.Pod;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.rwx.events.CloudEvent;
import io.rwx.events.EventIds;
import io.rwx.events.EventType;
import io.rwx.events.Topic;
import io.rwx.events.common.FailureReason;
import io.rwx.events.sharemanager.ShareManagerFailed;
import io.rwx.testing.kafka.ConsumerGroups;
import io.rwx.testing.kafka.EventTestClient;
import io.rwx.testing.kafka.KafkaBroker;
import io.rwx.testing.kafka.KafkaBrokerResource;
import io.rwx.testing.kubernetes.ApiRequest;
import io.rwx.testing.kubernetes.ApiServer;
import io.rwx.testing.kubernetes.ApiServerResource;
import io.rwx.testing.kubernetes.InjectApiServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How many requests failover-service sends to the API server to handle one failure report, counted in the
 * in-memory API server's request log (watches excluded: they are long-lived and opened once at start-up).
 */
@QuarkusTest
@TestProfile(FailoverApiCallsMockTest.NoPeriodicPass.class)
@QuarkusTestResource(ApiServerResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class FailoverApiCallsMockTest {

    public static class NoPeriodicPass implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("rwx.failover.resync-interval", "1h");
        }
    }

    static final Duration TIMEOUT = Duration.ofSeconds(30);

    @InjectApiServer
    ApiServer api;

    @Test
    void apiCallsPerFailureReport() {
        String bootstrap = KafkaBroker.shared().bootstrapServers();
        FailoverScenario s = new FailoverScenario(api.client(), "vol-count", "count");
        Pod sm = s.create();
        s.workload(s.pod("web-1").ownedBy("apps/v1", "ReplicaSet", "web").startedAt(FailoverScenario.secondsAgo(300)));
        s.workload(s.pod("web-2").ownedBy("apps/v1", "ReplicaSet", "web").startedAt(FailoverScenario.secondsAgo(300)));
        s.failShareManager();
        try (EventTestClient kafka = new EventTestClient(bootstrap, List.of(Topic.FAILOVERS.defaultName()))) {
            api.clearRequests();
            kafka.publish(CloudEvent.of(EventIds.deterministic(EventType.SHARE_MANAGER_FAILED, s.volume,
                    sm.getMetadata().getUid()), "//rwx/test/volume-watcher", Instant.now(), new ShareManagerFailed(
                    s.volume, sm.getMetadata().getName(), sm.getMetadata().getUid(), "node-1",
                    FailureReason.CONTAINER_EXITED, "exit 137")));
            kafka.await(EventType.FAILOVER_REMOUNT_REQUESTED, s.volume, TIMEOUT);
            ConsumerGroups.awaitCaughtUp(bootstrap, "failover-service.share-managers", Topic.SHARE_MANAGERS.defaultName(),
                    TIMEOUT);
        }
        List<ApiRequest> calls = api.requests(r -> !ApiServer.TEST_USER_AGENT.equals(r.userAgent())
                && !"watch".equals(r.info().verb()));
        System.out.printf("API calls for one failure report: %d%n", calls.size());
        calls.forEach(c -> System.out.println("  " + c));
        assertThat(calls).hasSizeLessThanOrEqualTo(5);
    }
}
