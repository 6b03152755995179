package io.rwx.sharemanager.messaging;

import io.rwx.events.CloudEvent;
import io.rwx.kit.messaging.CloudEventMessages;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;

/** Publishes {@code sharemanager.state-changed} to {@code rwx.share-managers}. */
@ApplicationScoped
public class ShareManagerEventSink {

    private final MutinyEmitter<byte[]> emitter;
    private final String topic;
    private final CloudEventMessages messages = new CloudEventMessages();

    public ShareManagerEventSink(@Channel("share-managers-out") MutinyEmitter<byte[]> emitter,
            @ConfigProperty(name = "rwx.topics.share-managers", defaultValue = "rwx.share-managers") String topic) {
        this.emitter = emitter;
        this.topic = topic;
    }

    public void publish(CloudEvent<?> event) {
        emitter.sendMessageAndAwait(messages.toMessage(event, topic));
    }
}
