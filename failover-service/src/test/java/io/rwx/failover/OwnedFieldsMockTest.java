package io.rwx.failover;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.rwx.events.CloudEvent;
import io.rwx.events.EventIds;
import io.rwx.events.EventType;
import io.rwx.events.Topic;
import io.rwx.events.common.FailureReason;
import io.rwx.events.sharemanager.ShareManagerFailed;
import io.rwx.kit.kubernetes.Annotations;
import io.rwx.testing.Fixtures;
import io.rwx.testing.LonghornObjects;
import io.rwx.testing.kafka.EventTestClient;
import io.rwx.testing.kafka.KafkaBroker;
import io.rwx.testing.kafka.KafkaBrokerResource;
import io.rwx.testing.kubernetes.ApiServer;
import io.rwx.testing.kubernetes.ApiServerResource;
import io.rwx.testing.kubernetes.InjectApiServer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * failover-service writes two things on a Longhorn Volume, the episode record and the stamp, through a failover
 * that runs to completion; every other field of a full Longhorn volume stays exactly as it was.
 */
@QuarkusTest
@QuarkusTestResource(ApiServerResource.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class OwnedFieldsMockTest {

    static final Set<String> WRITTEN = Set.of("status.remountRequestedAt", "metadata.annotations.failover.rwx.io/episode",
            "spec.accessMode");

    @InjectApiServer
    ApiServer api;

    @Test
    void theStampAndTheEpisodeRecordLeaveEveryOtherFieldAsItWas() {
        KubernetesClient client = api.client();
        LonghornObjects.createVolume(client, "lh-failover");
        client.genericKubernetesResources(LonghornObjects.VOLUMES).inNamespace(Fixtures.SYSTEM_NAMESPACE)
                .withName("lh-failover").patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"accessMode\":\"rwx\"}}");
        GenericKubernetesResource before = LonghornObjects.get(client, LonghornObjects.VOLUMES, "lh-failover");
        FailoverScenario s = new FailoverScenario(client, "lh-failover", "guests-f");
        var sm = s.createAroundVolume();
        s.workload(s.pod("web-1").ownedBy("apps/v1", "ReplicaSet", "web").startedAt(FailoverScenario.secondsAgo(600)));

        Instant failedAt = s.failShareManager(Instant.now());
        try (EventTestClient kafka = new EventTestClient(KafkaBroker.shared().bootstrapServers(),
                List.of(Topic.FAILOVERS.defaultName()))) {
            kafka.publish(CloudEvent.of(EventIds.random(), "//rwx/test/volume-watcher", failedAt, new ShareManagerFailed(
                    s.volume, sm.getMetadata().getName(), sm.getMetadata().getUid(), "node-1",
                    FailureReason.CONTAINER_EXITED, "exit 137")));
            kafka.await(EventType.FAILOVER_REMOUNT_REQUESTED, s.volume, Duration.ofSeconds(30));
            s.replaceShareManager("node-2");
            await().atMost(Duration.ofSeconds(30)).until(() -> s.get("web-1") == null);
            s.workload(s.pod("web-2").ownedBy("apps/v1", "ReplicaSet", "web").startedAt(Instant.now().plusSeconds(1)));
            kafka.await(EventType.FAILOVER_COMPLETED, s.volume, Duration.ofSeconds(30));
        }

        GenericKubernetesResource after = LonghornObjects.get(client, LonghornObjects.VOLUMES, "lh-failover");
        assertThat(LonghornObjects.fieldsExcept(after, WRITTEN)).isEqualTo(LonghornObjects.fieldsExcept(before, WRITTEN));
        assertThat(((Map<?, ?>) after.getAdditionalProperties().get("status")).get("remountRequestedAt"))
                .isEqualTo(failedAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString());
        assertThat(Annotations.episode(after)).hasValueSatisfying(e -> assertThat(e.phase()).isEqualTo("COMPLETED"));
        assertThat(api.requestsOf("failover-service")).as("no whole-object write of a Longhorn object")
                .noneMatch(r -> r.method().equals("PUT") && r.path().contains("/longhorn.io/"));
    }
}
