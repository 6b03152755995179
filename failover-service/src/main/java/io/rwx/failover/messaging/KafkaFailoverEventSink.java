package io.rwx.failover.messaging;

import io.rwx.events.CloudEvent;
import io.rwx.kit.messaging.CloudEventMessages;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;

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
}
