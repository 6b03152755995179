package io.rwx.console;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.rwx.events.CloudEvent;
import io.rwx.events.CloudEventCodec;
import io.rwx.events.EventType;
import io.rwx.events.Topic;
import io.rwx.events.failover.FailoverStalled;
import io.rwx.events.failover.RemountRequested;
import io.rwx.events.failover.WorkloadRestartNeeded;
import io.rwx.events.volume.VolumeObserved;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.operators.multi.processors.BroadcastProcessor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The console's view of the event stream: one reader of the rwx topics (no consumer group: nothing committed,
 * nobody else's offsets moved), from the beginning, so failover episodes can be shown as timelines; every event is
 * also broadcast, as a Mutiny {@link Multi}, to the pages following it over Server-Sent Events.
 */
@ApplicationScoped
public class EventFeed {

    private static final Logger LOG = Logger.getLogger(EventFeed.class);
    private static final CloudEventCodec CODEC = new CloudEventCodec();
    static final int KEEP_EPISODES = 500;

    /** An event as the page gets it. */
    public record Item(String type, String subject, Instant time, String requestedBy, Object data) {
    }

    /** One failover episode, as a timeline. */
    public record Episode(String volume, String id, Instant detected, Instant remountRequested,
            Instant replacementReady, List<String> deleted, List<String> manualRestart, Instant ended, String outcome,
            String reason) {

        Episode ready(Instant at) {
            return new Episode(volume, id, detected, remountRequested, at, deleted, manualRestart, ended, outcome,
                    reason);
        }

        Episode deleted(String pod) {
            return new Episode(volume, id, detected, remountRequested, replacementReady, plus(deleted, pod),
                    manualRestart, ended, outcome, reason);
        }

        Episode manualRestart(String pod) {
            return new Episode(volume, id, detected, remountRequested, replacementReady, deleted,
                    plus(manualRestart, pod), ended, outcome, reason);
        }

        Episode ended(Instant at, String how) {
            return new Episode(volume, id, detected, remountRequested, replacementReady, deleted, manualRestart, at,
                    how, reason);
        }
    }

    private final String bootstrapServers;
    private final BroadcastProcessor<Item> live = BroadcastProcessor.create();
    private final Map<String, Episode> episodes = new LinkedHashMap<>();
    /** The workload pods ({@code namespace/name}) of each volume, from its latest {@code volume.observed}. */
    private final Map<String, List<String>> workloads = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private Thread reader;

    public EventFeed(@ConfigProperty(name = "rwx.console.bootstrap-servers") String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    void start(@Observes StartupEvent startup) {
        reader = new Thread(this::read, "console-event-feed");
        reader.setDaemon(true);
        reader.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        live.onComplete();
    }

    /** Every event from now on. */
    public Multi<Item> live() {
        return live;
    }

    /** Failover episodes, newest first. */
    public synchronized List<Episode> episodes() {
        List<Episode> all = new ArrayList<>(episodes.values());
        Collections.reverse(all);
        return all;
    }

    /** The workload pods of a volume as last observed, or an empty list. */
    public List<String> workloadsOf(String volume) {
        return workloads.getOrDefault(volume, List.of());
    }

    private void read() {
        while (running) {
            try (KafkaConsumer<String, byte[]> consumer = consumer()) {
                List<TopicPartition> partitions = new ArrayList<>();
                for (Topic t : List.of(Topic.VOLUMES, Topic.SHARE_MANAGERS, Topic.FAILOVERS, Topic.MIGRATIONS)) {
                    consumer.partitionsFor(t.defaultName(), Duration.ofSeconds(30))
                            .forEach(p -> partitions.add(new TopicPartition(t.defaultName(), p.partition())));
                }
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                while (running) {
                    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        accept(r);
                    }
                }
            } catch (RuntimeException e) {
                LOG.warnf("reading the rwx topics failed (retrying in 5 s): %s", e.getMessage());
                sleep();
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        System.getenv().forEach((k, v) -> { // KAFKA_SECURITY_PROTOCOL etc., as the services take them
            if (k.startsWith("KAFKA_") && !k.equals("KAFKA_BOOTSTRAP_SERVERS")) {
                config.put(k.substring(6).toLowerCase().replace('_', '.'), v);
            }
        });
        return new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
    }

    void accept(ConsumerRecord<String, byte[]> record) {
        Map<String, byte[]> headers = new HashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), h.value());
        }
        CloudEvent<?> e;
        try {
            e = CODEC.decode(headers, record.value());
        } catch (RuntimeException malformed) {
            return; // not a contract event: not ours to show
        }
        timeline(e);
        live.onNext(new Item(e.type().type(), e.subject(), e.time(), e.requestedBy(), e.data()));
    }

    private synchronized void timeline(CloudEvent<?> e) {
        String volume = e.subject();
        switch (e.type()) {
            case VOLUME_OBSERVED -> {
                workloads.put(volume, e.dataAs(VolumeObserved.class).workloads().stream()
                        .map(w -> w.namespace() + "/" + w.name()).toList());
                return;
            }
            case VOLUME_DELETED -> {
                workloads.remove(volume);
                return;
            }
            case FAILOVER_REMOUNT_REQUESTED -> {
                RemountRequested r = e.dataAs(RemountRequested.class);
                episodes.put(volume + "/" + r.episode(), new Episode(volume, r.episode(), r.remountRequestedAt(),
                        e.time(), null, List.of(), List.of(), null, null, String.valueOf(r.reason())));
                while (episodes.size() > KEEP_EPISODES) {
                    episodes.remove(episodes.keySet().iterator().next());
                }
                return;
            }
            default -> { }
        }
        Episode open = null;
        for (Episode x : episodes.values()) {
            if (x.volume().equals(volume) && x.outcome() == null) {
                open = x;
            }
        }
        if (open == null) {
            return;
        }
        Episode next = switch (e.type()) {
            case SHARE_MANAGER_READY -> open.replacementReady() == null ? open.ready(e.time()) : open;
            case FAILOVER_WORKLOAD_POD_DELETED -> open.deleted(podOf(e));
            case FAILOVER_WORKLOAD_RESTART_NEEDED -> open.manualRestart(podOf(e) + " ("
                    + e.dataAs(WorkloadRestartNeeded.class).reason() + ")");
            case FAILOVER_COMPLETED -> open.ended(e.time(), "completed");
            case FAILOVER_STALLED -> open.ended(e.time(), "stalled: " + e.dataAs(FailoverStalled.class).message());
            default -> open;
        };
        episodes.put(volume + "/" + open.id(), next);
    }

    private static String podOf(CloudEvent<?> e) {
        Object data = e.data();
        try {
            var node = CODEC.mapper().valueToTree(data);
            return node.path("pod").path("namespace").asText("") + "/" + node.path("pod").path("name").asText("?");
        } catch (RuntimeException ex) {
            return "?";
        }
    }

    private static List<String> plus(List<String> list, String item) {
        List<String> next = new ArrayList<>(list);
        next.add(item);
        return next;
    }
}
