package io.rwx.bench;

import io.rwx.crds.AccessMode;
import io.rwx.crds.Volume;
import io.rwx.events.Topic;
import io.rwx.localstack.Stack;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * B3: events per second of one instance. share-manager-controller draining {@code volume.observed} snapshots that
 * change nothing, beside a plain consumer of the same records; volume-watcher publishing a full resync of many
 * volumes, beside a plain idempotent producer of as many records of the same size on the same topic.
 */
final class Throughput {

    private final Stack stack;
    private final Cluster cluster;

    Throughput(Stack stack, Cluster cluster) {
        this.stack = stack;
        this.cluster = cluster;
    }

    record Rate(long events, double seconds) {
        double perSecond() {
            return events / seconds;
        }

        @Override
        public String toString() {
            return String.format("%,.0f events/s (%,d in %.2f s)", perSecond(), events, seconds);
        }
    }

    record B3(Rate ingest, Rate plainConsumer, Rate resync, Rate plainProducer, int volumes) {
    }

    B3 b3(int snapshots, int volumes) throws Exception {
        String topic = Topic.VOLUMES.defaultName();
        Map<TopicPartition, Long> beforeCreate = endOffsets(topic);
        // volumes for the resync: RWX, detached, nobody uses them (their snapshots change nothing anywhere)
        Cluster.inParallel(volumes, i -> cluster.client.resources(Volume.class).inNamespace(Cluster.SYSTEM)
                .resource(io.rwx.testing.Fixtures.volume("b3-" + i, AccessMode.RWX)).create());
        Cluster.await(300_000, () -> cluster.cachedVolumes().size() >= volumes);
        // the running volume-watcher publishes each new volume: its records must not be taken for the resync's
        Cluster.await(300_000, 100, () -> sum(endOffsets(topic)) - sum(beforeCreate) >= volumes);
        // volume-watcher republishes every RWX volume when it becomes the leader: kill it and time its resync, from
        // the records stamped after the kill (the old process may still have sent a few late ones)
        Map<TopicPartition, Long> beforeResync = endOffsets(topic);
        long killedAt = System.currentTimeMillis();
        stack.kill("volume-watcher");
        stack.restart("volume-watcher");
        AtomicReference<List<ConsumerRecord<String, byte[]>>> read = new AtomicReference<>(List.of());
        Cluster.await(300_000, 500, () -> read.updateAndGet(before -> readFrom(topic, beforeResync, Integer.MAX_VALUE)
                .stream().filter(r -> r.timestamp() >= killedAt).toList()).size() >= volumes);
        List<ConsumerRecord<String, byte[]>> resync = read.get();
        // the span of the middle 98 % of the records' timestamps: a few events published around the resync (a change
        // noted while it ran) do not stretch it
        long[] times = resync.stream().mapToLong(ConsumerRecord::timestamp).sorted().toArray();
        int lo = (int) (times.length * 0.01);
        int hi = Math.max(lo, (int) Math.ceil(times.length * 0.99) - 1);
        Rate resyncRate = new Rate(hi - lo + 1, Math.max(1, times[hi] - times[lo]) / 1000.0);

        // share-manager-controller draining no-op snapshots (the resync's records, replayed), timed from the first
        // record produced to its consumer group's last commit
        Map<TopicPartition, Long> beforeIngest = endOffsets(topic);
        double processedTarget = processed() + snapshots;
        long t0 = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int i = 0; i < snapshots; i++) {
                ConsumerRecord<String, byte[]> r = resync.get(i % resync.size());
                producer.send(new ProducerRecord<>(r.topic(), null, r.key(), r.value(), r.headers()));
            }
            producer.flush();
        }
        // done when the service counted every one processed (its offsets are committed on a timer, later)
        Cluster.await(900_000, 100, () -> processed() >= processedTarget);
        Rate ingest = new Rate(snapshots, (System.nanoTime() - t0) / 1e9);

        Rate plain = plainConsumer(topic, beforeIngest);
        Rate plainProducer = plainProducer(topic, resync.get(0).value().length, Math.max(volumes, 10_000));
        return new B3(ingest, plain, resyncRate, plainProducer, volumes);
    }

    /** volume.observed events share-manager-controller has processed, by its own counter. */
    private double processed() {
        try {
            String body = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create(stack.url("share-manager-controller") + "/q/metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            return body.lines().filter(l -> l.startsWith("rwx_sharemanager_events_consumed_total{")
                    && l.contains("io.rwx.volume.observed.v1") && l.contains("outcome=\"processed\""))
                    .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
        } catch (Exception e) {
            return -1;
        }
    }

    private static long sum(Map<TopicPartition, Long> offsets) {
        return offsets.values().stream().mapToLong(Long::longValue).sum();
    }

    private Map<TopicPartition, Long> endOffsets(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            return consumer.endOffsets(partitions(consumer, topic));
        }
    }

    KafkaProducer<String, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5), new StringSerializer(), new ByteArraySerializer());
    }

    private Rate plainProducer(String topic, int size, int count) throws Exception {
        byte[] value = new byte[size];
        long t0 = System.nanoTime();
        try (KafkaProducer<String, byte[]> producer = producer()) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>(topic + ".bench", "k" + (i % 1000), value));
            }
            producer.flush();
        }
        return new Rate(count, (System.nanoTime() - t0) / 1e9);
    }

    /** A plain consumer reading the same records on the same broker, from {@code starts} to the end. */
    private Rate plainConsumer(String topic, Map<TopicPartition, Long> starts) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> parts = partitions(consumer, topic);
            consumer.assign(parts);
            Map<TopicPartition, Long> ends = consumer.endOffsets(parts);
            starts.forEach(consumer::seek);
            long t0 = System.nanoTime();
            long n = 0;
            while (parts.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                n += consumer.poll(Duration.ofMillis(100)).count();
            }
            return new Rate(Math.max(n, 1), (System.nanoTime() - t0) / 1e9);
        }
    }

    private List<ConsumerRecord<String, byte[]>> readFrom(String topic, Map<TopicPartition, Long> starts, int count) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> parts = partitions(consumer, topic);
            consumer.assign(parts);
            Map<TopicPartition, Long> ends = consumer.endOffsets(parts);
            parts.forEach(p -> consumer.seek(p, starts.getOrDefault(p, 0L)));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (out.size() < count && parts.stream().anyMatch(p -> consumer.position(p) < ends.get(p))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100)).forEach(out::add);
            }
        }
        return out;
    }

    private KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID(), ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000), new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic) {
        return consumer.partitionsFor(topic).stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    }

    static void createBenchTopic(Stack stack) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers()))) {
            admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic(Topic.VOLUMES.defaultName() + ".bench",
                    3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }
}
