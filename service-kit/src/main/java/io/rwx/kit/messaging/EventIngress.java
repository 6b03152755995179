package io.rwx.kit.messaging;

import io.rwx.events.CloudEvent;
import io.rwx.events.MalformedEventException;
import io.rwx.events.UnknownEventTypeException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiConsumer;

/**
 * The way in for a batch of consumed records: each is decoded against the contract; one that breaks it is
 * dead-lettered with the reason at once (it never blocks the partition, never fails the channel); a type this
 * version does not know is skipped; the rest are handed to the service, whose work runs in volume lanes. The
 * batch is done (and its offsets may be committed) only when every piece of work finished; work that failed after
 * its retries is dead-lettered with the reason too.
 */
public final class EventIngress {

    private static final Logger LOG = Logger.getLogger(EventIngress.class);

    /** A record that passed the contract, and its event. */
    public record Accepted(ConsumerRecord<String, byte[]> record, CloudEvent<?> event) {
    }

    /** Outcomes counted per record: {@code processed}, {@code skipped}, {@code dead-lettered}. */
    public static final String PROCESSED = "processed";
    public static final String SKIPPED = "skipped";
    public static final String DEAD_LETTERED = "dead-lettered";

    private final CloudEventMessages messages = new CloudEventMessages();
    private final DeadLetters deadLetters;
    private final BiConsumer<String, String> counter;

    /** @param counter called with (event type or "malformed"/"unknown", outcome) for every record */
    public EventIngress(DeadLetters deadLetters, BiConsumer<String, String> counter) {
        this.deadLetters = deadLetters;
        this.counter = counter;
    }

    /**
     * The whole way in for a batch: accept, start each event's work with {@code route} (in its lane), wait for all
     * of it; returns when the batch may be committed.
     */
    public void process(Iterable<ConsumerRecord<String, byte[]>> records,
            java.util.function.Function<CloudEvent<?>, ? extends CompletableFuture<?>> route) {
        List<Accepted> accepted = accept(records);
        List<CompletableFuture<?>> work = new ArrayList<>();
        for (Accepted a : accepted) {
            try {
                work.add(route.apply(a.event()));
            } catch (RuntimeException e) {
                work.add(CompletableFuture.failedFuture(e));
            }
        }
        finish(accepted, work);
    }

    /** Decodes the batch in order; dead-letters what breaks the contract; skips unknown types. */
    public List<Accepted> accept(Iterable<ConsumerRecord<String, byte[]>> records) {
        List<Accepted> accepted = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                accepted.add(new Accepted(record, messages.decode(record)));
            } catch (UnknownEventTypeException e) {
                LOG.debugf("skipping %s at %s-%d@%d", e.type(), record.topic(), record.partition(), record.offset());
                counter.accept("unknown", SKIPPED);
            } catch (MalformedEventException e) {
                deadLetters.send(record, e.getMessage(), null);
                counter.accept("malformed", DEAD_LETTERED);
            } catch (RuntimeException e) {
                deadLetters.send(record, "unreadable record: " + e.getMessage(), e);
                counter.accept("malformed", DEAD_LETTERED);
            }
        }
        return accepted;
    }

    /**
     * Waits for the work of each accepted record ({@code work.get(i)} belongs to {@code accepted.get(i)}); work that
     * failed is dead-lettered with its reason.
     */
    public void finish(List<Accepted> accepted, List<? extends CompletableFuture<?>> work) {
        for (int i = 0; i < accepted.size(); i++) {
            Accepted a = accepted.get(i);
            try {
                work.get(i).join();
                counter.accept(a.event().type().type(), PROCESSED);
            } catch (CompletionException | java.util.concurrent.CancellationException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                deadLetters.send(a.record(), "processing failed after retries: " + cause.getMessage(), cause);
                counter.accept(a.event().type().type(), DEAD_LETTERED);
            }
        }
    }
}
