package io.rwx.migration.messaging;

import io.rwx.events.CloudEvent;
import io.rwx.events.EventType;
import io.rwx.events.MalformedEventException;
import io.rwx.events.UnknownEventTypeException;
import io.rwx.events.migration.MigrationRequested;
import io.rwx.kit.messaging.CloudEventMessages;
import io.rwx.migration.MigrationCoordinator;
import io.rwx.migration.model.MigrationRequest;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * {@code io.rwx.migration.requested.v1} from {@code rwx.migrations}: the same admission as {@code POST /migrations}.
 * The service's own lifecycle events on the topic are skipped; malformed records go to {@code rwx.migrations.dlq}.
 */
@ApplicationScoped
public class MigrationRequestConsumer {

    private static final Logger LOG = Logger.getLogger(MigrationRequestConsumer.class);

    private final MigrationCoordinator coordinator;
    private final CloudEventMessages messages = new CloudEventMessages();

    public MigrationRequestConsumer(MigrationCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Incoming("migrations-in")
    @Blocking
    public void onRecord(ConsumerRecord<String, byte[]> record) {
        CloudEvent<?> event;
        try {
            event = messages.decode(record);
        } catch (UnknownEventTypeException e) {
            return;
        } catch (MalformedEventException e) {
            LOG.warnf("dead-lettering malformed record %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            throw e;
        }
        if (event.type() != EventType.MIGRATION_REQUESTED) {
            return;
        }
        MigrationRequested r = event.dataAs(MigrationRequested.class);
        String id = r.migrationId() != null ? r.migrationId() : MigrationCoordinator.idFor(event.id());
        coordinator.request(MigrationRequest.of(id, r.namespace(), r.sourcePvc(), r.targetPvc(), r.options()));
    }
}
