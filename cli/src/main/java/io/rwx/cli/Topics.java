package io.rwx.cli;

import io.rwx.events.CloudEvent;
import io.rwx.events.CloudEventCodec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Reads contract topics without a consumer group (nothing committed, nobody's offsets moved): from the beginning
 * to the end offsets at start, then, following, whatever comes. Records that are not contract events are skipped.
 */
final class Topics implements AutoCloseable {

    private static final CloudEventCodec CODEC = new CloudEventCodec();

    private final KafkaConsumer<String, byte[]> consumer;
    private final List<TopicPartition> partitions = new ArrayList<>();

    Topics(String bootstrapServers, List<String> topics, boolean fromBeginning) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // security settings from the environment, as the services take them (KAFKA_SECURITY_PROTOCOL, ...)
        System.getenv().forEach((k, v) -> {
            if (k.startsWith("KAFKA_") && !k.equals("KAFKA_BOOTSTRAP_SERVERS")) {
                config.put(k.substring(6).toLowerCase().replace('_', '.'), v);
            }
        });
        consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer());
        for (String topic : topics) {
            consumer.partitionsFor(topic, Duration.ofSeconds(30))
                    .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        if (fromBeginning) {
            consumer.seekToBeginning(partitions);
        } else {
            consumer.seekToEnd(partitions);
        }
    }

    /** Every event up to the end offsets as they are now. */
    void readToEnd(Consumer<CloudEvent<?>> onEvent) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
        while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
            consumer.poll(Duration.ofMillis(200)).forEach(r -> decode(r, onEvent));
        }
    }

    /** Every event as it comes, until {@code deadlineNanos} (System.nanoTime) or the thread is interrupted. */
    void follow(long deadlineNanos, Consumer<CloudEvent<?>> onEvent) {
        follow(deadlineNanos, () -> false, onEvent);
    }

    /** Every event as it comes, until {@code deadlineNanos}, until {@code done} says so, or an interrupt. */
    void follow(long deadlineNanos, BooleanSupplier done, Consumer<CloudEvent<?>> onEvent) {
        while (System.nanoTime() < deadlineNanos && !done.getAsBoolean() && !Thread.currentThread().isInterrupted()) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (done.getAsBoolean()) {
                    return;
                }
                decode(r, onEvent);
            }
        }
    }

    private static void decode(ConsumerRecord<String, byte[]> record, Consumer<CloudEvent<?>> onEvent) {
        Map<String, byte[]> headers = new HashMap<>();
        for (Header h : record.headers()) {
            headers.put(h.key(), h.value());
        }
        try {
            onEvent.accept(CODEC.decode(headers, record.value()));
        } catch (RuntimeException e) {
            // not a contract event (a dead letter's copy, a stranger's record): not ours to show
        }
    }

    static String data(CloudEvent<?> e) {
        try {
            return CODEC.mapper().writeValueAsString(e.data());
        } catch (Exception ex) {
            return String.valueOf(e.data());
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
