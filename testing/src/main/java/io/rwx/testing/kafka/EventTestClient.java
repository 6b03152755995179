package io.rwx.testing.kafka;

import io.rwx.events.CloudEvent;
import io.rwx.events.CloudEventCodec;
import io.rwx.events.EventType;
import io.rwx.events.MalformedEventException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.function.Predicate;

/**
 * Publishes CloudEvents to the real broker and records every event that arrives on the watched topics (from the
 * moment the client is created), decoded with the contract codec. Malformed records are kept apart with the
 * reason, so a test can assert on them too.
 */
public final class EventTestClient implements AutoCloseable {

    /** A record that arrived, with its raw headers and the decoded event. */
    public record Received(String topic, String key, Map<String, byte[]> headers, CloudEvent<?> event) {
    }

    /** A record that did not satisfy the contract. */
    public record Rejected(String topic, String key, Map<String, byte[]> headers, MalformedEventException error) {

        /** A header as text, or null. */
        public String header(String name) {
            byte[] v = headers.get(name);
            return v == null ? null : new String(v, java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    private final CloudEventCodec codec = new CloudEventCodec();
    private final KafkaProducer<String, byte[]> producer;
    private final KafkaConsumer<String, byte[]> consumer;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Rejected> rejected = new CopyOnWriteArrayList<>();
    private final Thread poller;
    private volatile boolean running = true;

    public EventTestClient(String bootstrapServers, Collection<String> topics) {
        this(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), topics);
    }

    /** @param client the client properties (bootstrap servers, and security where the broker requires it) */
    public EventTestClient(Map<String, Object> client, Collection<String> topics) {
        Map<String, Object> producerProps = new java.util.HashMap<>(client);
        producerProps.put(ProducerConfig.ACKS_CONFIG, "all");
        producerProps.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        producer = new KafkaProducer<>(producerProps, new StringSerializer(), new ByteArraySerializer());
        Map<String, Object> consumerProps = new java.util.HashMap<>(client);
        consumerProps.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        consumer = new KafkaConsumer<>(consumerProps, new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end offsets now: only later records are seen
        poller = new Thread(this::poll, "event-test-client");
        poller.setDaemon(true);
        poller.start();
    }

    private void poll() {
        while (running) {
            try {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(100))) {
                    Map<String, byte[]> headers = lastValues(record.headers());
                    try {
                        received.add(new Received(record.topic(), record.key(), headers,
                                codec.decode(headers, record.value())));
                    } catch (MalformedEventException e) {
                        rejected.add(new Rejected(record.topic(), record.key(), headers, e));
                    }
                }
            } catch (org.apache.kafka.common.errors.WakeupException e) {
                return;
            }
        }
    }

    static Map<String, byte[]> lastValues(Headers headers) {
        Map<String, byte[]> map = new LinkedHashMap<>();
        for (Header h : headers) {
            map.put(h.key(), h.value());
        }
        return map;
    }

    /** Publishes an event to its contract topic, keyed by its partition key, and waits for the ack. */
    public RecordMetadata publish(CloudEvent<?> event) {
        return publish(event.topic().defaultName(), event);
    }

    public RecordMetadata publish(String topic, CloudEvent<?> event) {
        return publishRaw(topic, event.partitionKey(), codec.headers(event), codec.value(event));
    }

    /** Publishes arbitrary bytes, e.g. to test how a consumer treats a malformed event. */
    public RecordMetadata publishRaw(String topic, String key, Map<String, byte[]> headers, byte[] value) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, value);
        headers.forEach((k, v) -> record.headers().add(k, v));
        try {
            return producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("publish to " + topic + " failed", e.getCause());
        }
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Rejected> rejected() {
        return List.copyOf(rejected);
    }

    /** The events of a type received so far. */
    public List<CloudEvent<?>> events(EventType type) {
        return received.stream().map(Received::event).filter(e -> e.type() == type).toList();
    }

    /** Waits for an event of the type that matches, and returns the first such. */
    public CloudEvent<?> await(EventType type, Predicate<CloudEvent<?>> matching, Duration timeout) {
        return Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(50))
                .until(() -> events(type).stream().filter(matching).findFirst(), java.util.Optional::isPresent)
                .orElseThrow();
    }

    public CloudEvent<?> await(EventType type, String subject, Duration timeout) {
        return await(type, e -> e.subject().equals(subject), timeout);
    }

    public Received awaitRecord(Predicate<Received> matching, Duration timeout) {
        return Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(50))
                .until(() -> received.stream().filter(matching).findFirst(), java.util.Optional::isPresent)
                .orElseThrow();
    }

    public Rejected awaitRejected(Predicate<Rejected> matching, Duration timeout) {
        return Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(50))
                .until(() -> rejected.stream().filter(matching).findFirst(), java.util.Optional::isPresent)
                .orElseThrow();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            poller.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close();
        producer.close();
    }
}
