package io.rwx.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's failover timelines and workload lists, built from the contract's own golden samples (one episode of
 * volume pvc-4f6d2a1e, its events as the services publish them) fed through the reader's record handling.
 */
class EventFeedTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path GOLDEN = Path.of("../events/src/test/resources/golden");
    private static final String VOLUME = "pvc-4f6d2a1e";

    private final EventFeed feed = new EventFeed("unused:9092");
    private final List<EventFeed.Item> live = new ArrayList<>();

    EventFeedTest() {
        feed.live().subscribe().with(live::add);
    }

    @Test
    void anEpisodeIsATimelineFromDetectionToCompletion() throws IOException {
        for (String type : List.of("failover.remount-requested", "sharemanager.ready", "failover.workload-pod-deleted",
                "failover.workload-restart-needed", "failover.completed")) {
            feed.accept(record(type));
        }
        assertThat(feed.episodes()).singleElement().satisfies(e -> {
            assertThat(e.volume()).isEqualTo(VOLUME);
            assertThat(e.detected()).isEqualTo(Instant.parse("2026-11-24T10:14:02Z"));
            assertThat(e.replacementReady()).isEqualTo(Instant.parse("2026-11-24T10:14:21Z"));
            assertThat(e.deleted()).hasSize(1);
            assertThat(e.manualRestart()).hasSize(1);
            assertThat(e.ended()).isEqualTo(Instant.parse("2026-11-24T10:14:45Z"));
            assertThat(e.outcome()).isEqualTo("completed");
        });
        assertThat(live).extracting(EventFeed.Item::type).hasSize(5).allMatch(t -> t.startsWith("io.rwx."));
    }

    @Test
    void aStalledEpisodeSaysWhyAndLaterEventsDoNotReopenIt() throws IOException {
        feed.accept(record("failover.remount-requested"));
        feed.accept(record("failover.stalled"));
        feed.accept(record("failover.workload-pod-deleted"));
        assertThat(feed.episodes()).singleElement().satisfies(e -> {
            assertThat(e.outcome()).startsWith("stalled: ");
            assertThat(e.deleted()).as("after the episode ended").isEmpty();
        });
    }

    @Test
    void eventsWithoutAnOpenEpisodeMakeNone() throws IOException {
        feed.accept(record("sharemanager.ready"));
        feed.accept(record("failover.completed"));
        assertThat(feed.episodes()).isEmpty();
    }

    @Test
    void theWorkloadsOfAVolumeAreTheLastObservedOnesUntilItIsDeleted() throws IOException {
        feed.accept(record("volume.observed"));
        assertThat(feed.workloadsOf(VOLUME)).isNotEmpty().allMatch(p -> p.contains("/"));
        feed.accept(record("volume.deleted"));
        assertThat(feed.workloadsOf(VOLUME)).isEmpty();
    }

    @Test
    void aRecordThatIsNotAContractEventIsSkipped() {
        feed.accept(new ConsumerRecord<>("rwx.failovers", 0, 0, "k", "not json".getBytes(StandardCharsets.UTF_8)));
        assertThat(feed.episodes()).isEmpty();
        assertThat(live).isEmpty();
    }

    /** The golden sample of {@code io.rwx.<type>.v1} as a Kafka record (binary-mode CloudEvent). */
    private static ConsumerRecord<String, byte[]> record(String type) throws IOException {
        JsonNode sample = JSON.readTree(Files.readString(GOLDEN.resolve("io.rwx." + type + ".v1.json")));
        ConsumerRecord<String, byte[]> r = new ConsumerRecord<>("rwx", 0, 0, sample.path("subject").asText(),
                JSON.writeValueAsBytes(sample.get("data")));
        sample.fields().forEachRemaining(f -> {
            if (!f.getKey().equals("data") && !f.getKey().equals("datacontenttype")) {
                r.headers().add("ce_" + f.getKey(), f.getValue().asText().getBytes(StandardCharsets.UTF_8));
            }
        });
        r.headers().add("content-type", sample.get("datacontenttype").asText().getBytes(StandardCharsets.UTF_8));
        return r;
    }
}
