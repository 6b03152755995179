package io.rwx.migration.messaging;

import io.rwx.events.CloudEvent;
import io.rwx.events.EventType;
import io.rwx.events.migration.MigrationRequested;
import io.rwx.kit.messaging.CloudEventMessages;
import io.rwx.migration.MigrationCoordinator;
import io.rwx.migration.model.MigrationRequest;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * {@code io.rwx.migration.requested.v1} from {@code rwx.migrations}: the same admission as {@code POST /migrations}.
 * The service's own lifecycle events on the topic are skipped; malformed records go to {@code rwx.migrations.dlq}.
 */
@ApplicationScoped
public class MigrationRequestConsumer {

    private final MigrationCoordinator coordinator;
    private final CloudEventMessages messages = new CloudEventMessages();

    public MigrationRequestConsumer(MigrationCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @Incoming("migrations-in")
    @Blocking
    public void onRecord(ConsumerRecord<String, byte[]> record) {
        CloudEvent<?> event = messages.decodeOrSkip(record);
        if (event == null || event.type() != EventType.MIGRATION_REQUESTED) {
            return;
        }
        MigrationRequested r = event.dataAs(MigrationRequested.class);
        String id = r.migrationId() != null ? r.migrationId() : MigrationCoordinator.idFor(event.id());
        coordinator.request(MigrationRequest.of(id, r.namespace(), r.sourcePvc(), r.targetPvc(), r.options()));
    }
}
