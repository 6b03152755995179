package io.rwx.volumewatcher.messaging;

import io.rwx.events.CloudEvent;

import java.util.concurrent.CompletableFuture;

/** Where the watcher's events go (the topic of each event's type). */
public interface WatcherEventSink {

    /** Returns once the broker acknowledged. */
    void publish(CloudEvent<?> event);

    /** Sends without waiting; the future completes when the broker acknowledged (a resync sends many at once). */
    default CompletableFuture<Void> send(CloudEvent<?> event) {
        try {
            publish(event);
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
