package io.rwx.kit.messaging;

import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends {@link DeadLetter}s through a service's dead-letter channel and waits for the broker's acknowledgement.
 * While the broker refuses (it is down), it retries with backoff: the record is not committed before its copy is
 * safe, and nothing else of the partition could be consumed meanwhile anyway.
 */
public final class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);

    private final MutinyEmitter<byte[]> emitter;
    private final String service;
    private final int maxRecordBytes;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong truncated = new AtomicLong();

    public DeadLetters(MutinyEmitter<byte[]> emitter, String service, int maxRecordBytes) {
        this.emitter = emitter;
        this.service = service;
        this.maxRecordBytes = maxRecordBytes;
    }

    public String service() {
        return service;
    }

    /** Dead-letters {@code record} with {@code reason}; returns once the copy is on {@code <topic>.dlq}. */
    public DeadLetter send(ConsumerRecord<String, byte[]> record, String reason, Throwable cause) {
        DeadLetter letter = DeadLetter.of(record, service, reason, cause == null ? null : cause.toString(),
                maxRecordBytes);
        RecordHeaders headers = new RecordHeaders();
        letter.headers().forEach(headers::add);
        Message<byte[]> message = Message.of(letter.value()).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(letter.topic()).withKey(letter.key()).withHeaders(headers).build());
        long backoff = 200;
        for (int attempt = 1; ; attempt++) {
            try {
                emitter.sendMessageAndAwait(message);
                break;
            } catch (RuntimeException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw e;
                }
                LOG.warnf("could not dead-letter %s-%d@%d (attempt %d), retrying in %d ms: %s", record.topic(),
                        record.partition(), record.offset(), attempt, backoff, e.getMessage());
                sleep(backoff);
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
        sent.incrementAndGet();
        if (letter.truncated()) {
            truncated.incrementAndGet();
        }
        LOG.warnf("dead-lettered %s-%d@%d to %s%s: %s", record.topic(), record.partition(), record.offset(),
                letter.topic(), letter.truncated() ? " (truncated copy of " + record.value().length + " bytes)" : "",
                reason);
        return letter;
    }

    public long sent() {
        return sent.get();
    }

    public long truncated() {
        return truncated.get();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
