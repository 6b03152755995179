package io.rwx.volumewatcher.messaging;

import io.rwx.events.CloudEvent;
import io.rwx.events.Topic;
import io.rwx.kit.messaging.CloudEventMessages;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.util.Map;

/** One idempotent, acks=all producer channel; each event goes to its type's topic (names configurable). */
@ApplicationScoped
public class KafkaWatcherEventSink implements WatcherEventSink {

    private final MutinyEmitter<byte[]> emitter;
    private final Map<Topic, String> topics;
    private final CloudEventMessages messages = new CloudEventMessages();

    public KafkaWatcherEventSink(@Channel("events-out") MutinyEmitter<byte[]> emitter,
            @ConfigProperty(name = "rwx.topics.volumes", defaultValue = "rwx.volumes") String volumes,
            @ConfigProperty(name = "rwx.topics.share-managers", defaultValue = "rwx.share-managers") String shareManagers,
            @ConfigProperty(name = "rwx.topics.nodes", defaultValue = "rwx.nodes") String nodes) {
        this.emitter = emitter;
        this.topics = Map.of(Topic.VOLUMES, volumes, Topic.SHARE_MANAGERS, shareManagers, Topic.NODES, nodes);
    }

    @Override
    public void publish(CloudEvent<?> event) {
        emitter.sendMessageAndAwait(messages.toMessage(event, topics.get(event.topic())));
    }
}
