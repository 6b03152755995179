package io.rwx.migration.messaging;

import io.rwx.events.CloudEvent;
import io.rwx.events.EventData;
import io.rwx.events.EventType;
import io.rwx.migration.config.MigrationConfig;
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
    private final String source;
    private final CloudEventMessages messages = new CloudEventMessages();

    public MigrationEventSink(@Channel("migrations-out") MutinyEmitter<byte[]> emitter,
            @ConfigProperty(name = "rwx.topics.migrations", defaultValue = "rwx.migrations") String topic,
            MigrationConfig config) {
        this.emitter = emitter;
        this.topic = topic;
        this.source = config.source();
    }

    /** Publishes {@code data} (of {@code type}) now, with this service as the source. */
    public void publish(EventType type, EventData data, String id) {
        publish(type, data, id, null);
    }

    /** @param requestedBy who asked for what the event reports ({@code requestedby}), or null */
    public void publish(EventType type, EventData data, String id, String requestedBy) {
        if (EventType.of(data) != type) {
            throw new IllegalArgumentException(data.getClass().getSimpleName() + " is not the data of " + type.type());
        }
        publish(CloudEvent.of(id, source, java.time.Instant.now(), data).withRequestedBy(requestedBy));
    }

    public void publish(CloudEvent<?> event) {
        emitter.sendMessageAndAwait(messages.toMessage(event, topic));
    }
}
