package io.rwx.kit.messaging;

import io.rwx.events.CloudEvent;
import io.rwx.events.CloudEventCodec;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Bridges the contract codec and SmallRye Kafka: an outgoing event becomes a message whose Kafka key is the
 * partition key and whose headers are the binary-mode {@code ce_*} attributes (SmallRye's own CloudEvents
 * support must be off on the channel: {@code cloud-events=false}); an incoming record is decoded with the same
 * codec.
 */
public final class CloudEventMessages {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(CloudEventMessages.class);

    private final CloudEventCodec codec;

    public CloudEventMessages(CloudEventCodec codec) {
        this.codec = codec;
    }

    public CloudEventMessages() {
        this(new CloudEventCodec());
    }

    public CloudEventCodec codec() {
        return codec;
    }

    public Message<byte[]> toMessage(CloudEvent<?> event, String topic) {
        RecordHeaders headers = new RecordHeaders();
        codec.headers(event).forEach(headers::add);
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(topic)
                .withKey(event.partitionKey())
                .withHeaders(headers)
                .build();
        return Message.of(codec.value(event)).addMetadata(metadata);
    }

    /**
     * Decodes a consumed record for a consumer: null for a type this version does not know (skip it); a record that
     * breaks the contract is logged and rethrown, so the channel's dead-letter strategy parks it with the reason.
     */
    public CloudEvent<?> decodeOrSkip(ConsumerRecord<String, byte[]> record) {
        try {
            return decode(record);
        } catch (io.rwx.events.UnknownEventTypeException e) {
            LOG.debugf("skipping %s at %s-%d@%d", e.type(), record.topic(), record.partition(), record.offset());
            return null;
        } catch (io.rwx.events.MalformedEventException e) {
            LOG.warnf("dead-lettering malformed record %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            throw e;
        }
    }

    /**
     * Decodes a consumed record.
     *
     * @throws io.rwx.events.UnknownEventTypeException a type of another version: skip it
     * @throws io.rwx.events.MalformedEventException   breaks the contract: dead-letter it
     */
    public CloudEvent<?> decode(ConsumerRecord<String, byte[]> record) {
        Header contentType = record.headers().lastHeader(io.rwx.events.CloudEventCodec.CONTENT_TYPE);
        CloudEvent<?> event = codec.decode(name -> {
            Header h = record.headers().lastHeader(name);
            return h == null ? null : h.value();
        }, record.value());
        // the contract on the wire, beyond the codec: binary mode says what the value is, and the Kafka key is the
        // partition key (so all events of a volume share a partition and an order)
        if (contentType == null) {
            throw new io.rwx.events.MalformedEventException(io.rwx.events.CloudEventCodec.CONTENT_TYPE,
                    "the content-type header is missing: binary-mode CloudEvents carry content-type application/json");
        }
        if (!event.partitionKey().equals(record.key())) {
            throw new io.rwx.events.MalformedEventException("key", "the Kafka key '" + record.key()
                    + "' is not the event's partition key '" + event.partitionKey() + "'");
        }
        return event;
    }
}
