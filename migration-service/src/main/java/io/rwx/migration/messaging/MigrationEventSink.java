package io.rwx.migration.messaging;

import io.rwx.events.CloudEvent;
import io.rwx.kit.messaging.CloudEventMessages;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Publishes migration lifecycle events to {@code rwx.migrations}; returns once the broker acknowledged. */
@ApplicationScoped
public class MigrationEventSink {

    private final MutinyEmitter<byte[]> emitter;
    private final String topic;
    private final CloudEventMessages messages = new CloudEventMessages();

    public MigrationEventSink(@Channel("migrations-out") MutinyEmitter<byte[]> emitter,
            @ConfigProperty(name = "rwx.topics.migrations", defaultValue = "rwx.migrations") String topic) {
        this.emitter = emitter;
        this.topic = topic;
    }

    public void publish(CloudEvent<?> event) {
        emitter.sendMessageAndAwait(messages.toMessage(event, topic));
    }
}
