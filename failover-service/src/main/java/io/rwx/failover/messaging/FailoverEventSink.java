package io.rwx.failover.messaging;

import io.rwx.events.CloudEvent;

import java.util.List;

/** Where failover events go: {@code rwx.failovers}. Returns once the broker has acknowledged the event. */
public interface FailoverEventSink {

    void publish(CloudEvent<?> event);

    /** Publishes every event, in order, and returns once the broker has acknowledged them all (pipelined). */
    default void publishAll(List<CloudEvent<?>> events) {
        events.forEach(this::publish);
    }
}
