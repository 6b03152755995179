package io.rwx.failover.messaging;

import io.rwx.events.CloudEvent;
import io.rwx.kit.messaging.CloudEventMessages;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;

import java.util.List;

/** Publishes to {@code rwx.failovers} (acks=all, idempotent producer: see application.properties). */
@ApplicationScoped
public class KafkaFailoverEventSink implements FailoverEventSink {

    private final MutinyEmitter<byte[]> emitter;
    private final String topic;
    private final CloudEventMessages messages = new CloudEventMessages();

    public KafkaFailoverEventSink(@Channel("failovers-out") MutinyEmitter<byte[]> emitter,
            @ConfigProperty(name = "rwx.topics.failovers", defaultValue = "rwx.failovers") String topic) {
        this.emitter = emitter;
        this.topic = topic;
    }

    @Override
    public void publish(CloudEvent<?> event) {
        emitter.sendMessageAndAwait(messages.toMessage(event, topic));
    }

    /** All sent before any is awaited: one round trip to the broker for an episode's deletions, not one each. */
    @Override
    public void publishAll(List<CloudEvent<?>> events) {
        List<Uni<Void>> sent = events.stream().map(e -> emitter.sendMessage(messages.toMessage(e, topic))).toList();
        if (!sent.isEmpty()) {
            Uni.join().all(sent).andFailFast().await().indefinitely();
        }
    }
}
