package io.rwx.failover.messaging;

import io.rwx.events.CloudEvent;

/** Where failover events go: {@code rwx.failovers}. Returns once the broker has acknowledged the event. */
public interface FailoverEventSink {

    void publish(CloudEvent<?> event);
}
