package io.rwx.volumewatcher.messaging;

import io.rwx.events.CloudEvent;

/** Where the watcher's events go (the topic of each event's type). Returns once the broker acknowledged. */
public interface WatcherEventSink {

    void publish(CloudEvent<?> event);
}
