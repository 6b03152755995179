package io.rwx.volumewatcher.messaging;

import io.rwx.events.CloudEvent;
import io.rwx.events.CloudEventCodec;
import io.rwx.events.Topic;
import io.rwx.kit.messaging.CloudEventMessages;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Each event goes to its type's topic (names configurable). A single change is sent on the idempotent, acks=all
 * channel and acknowledged before the next; a resync's many snapshots are sent by one plain producer of the same
 * configuration (the Kafka client settings of the application, so the same brokers and security), pipelined: a
 * resync of 10,000 volumes is then bounded by the broker, not by one acknowledged round trip at a time.
 */
@ApplicationScoped
public class KafkaWatcherEventSink implements WatcherEventSink {

    private final MutinyEmitter<byte[]> emitter;
    private final Map<Topic, String> topics;
    private final Map<String, Object> kafka;
    private final CloudEventMessages messages = new CloudEventMessages();
    private final CloudEventCodec codec = new CloudEventCodec();
    private KafkaProducer<String, byte[]> bulk;

    public KafkaWatcherEventSink(@Channel("events-out") MutinyEmitter<byte[]> emitter,
            @Identifier("default-kafka-broker") Map<String, Object> kafka,
            @ConfigProperty(name = "rwx.topics.volumes", defaultValue = "rwx.volumes") String volumes,
            @ConfigProperty(name = "rwx.topics.share-managers", defaultValue = "rwx.share-managers") String shareManagers,
            @ConfigProperty(name = "rwx.topics.nodes", defaultValue = "rwx.nodes") String nodes) {
        this.emitter = emitter;
        this.kafka = kafka;
        this.topics = Map.of(Topic.VOLUMES, volumes, Topic.SHARE_MANAGERS, shareManagers, Topic.NODES, nodes);
    }

    @Override
    public void publish(CloudEvent<?> event) {
        emitter.sendMessageAndAwait(messages.toMessage(event, topics.get(event.topic())));
    }

    @Override
    public CompletableFuture<Void> send(CloudEvent<?> event) {
        CompletableFuture<Void> acked = new CompletableFuture<>();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topics.get(event.topic()), event.partitionKey(),
                codec.value(event));
        codec.headers(event).forEach((k, v) -> record.headers().add(k, v));
        bulk().send(record, (metadata, e) -> {
            if (e == null) {
                acked.complete(null);
            } else {
                acked.completeExceptionally(e);
            }
        });
        return acked;
    }

    private synchronized KafkaProducer<String, byte[]> bulk() {
        if (bulk == null) {
            Map<String, Object> config = new HashMap<>();
            kafka.forEach((k, v) -> {
                if (ProducerConfig.configNames().contains(k) || k.startsWith("sasl.") || k.startsWith("ssl.")
                        || k.equals("security.protocol")) {
                    config.put(k, v);
                }
            });
            config.put(ProducerConfig.ACKS_CONFIG, "all");
            config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
            config.put(ProducerConfig.CLIENT_ID_CONFIG, "volume-watcher-resync");
            bulk = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
        }
        return bulk;
    }

    @PreDestroy
    synchronized void close() {
        if (bulk != null) {
            bulk.close(Duration.ofSeconds(5));
        }
    }
}
