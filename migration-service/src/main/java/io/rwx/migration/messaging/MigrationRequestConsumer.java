package io.rwx.migration.messaging;

import io.rwx.events.CloudEvent;
import io.rwx.events.EventType;
import io.rwx.events.migration.MigrationRequested;
import io.rwx.events.migration.RejectionReason;
import io.rwx.kit.messaging.DeadLetters;
import io.rwx.kit.messaging.EventIngress;
import io.rwx.migration.MigrationCoordinator;
import io.rwx.migration.config.MigrationConfig;
import io.rwx.migration.metrics.MigrationMetrics;
import io.rwx.migration.model.MigrationRequest;
import io.rwx.migration.model.Rejection;
import io.rwx.migration.model.TrustedSources;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.concurrent.CompletableFuture;

/**
 * {@code io.rwx.migration.requested.v1} from {@code rwx.migrations}: the same admission as {@code POST /migrations},
 * for the sources {@code rwx.migration.trusted-sources} trusts in the request's namespace; others are refused with
 * {@code untrusted-source} (a topic can be written by whoever the broker lets: an event is a request, not a command).
 * The service's own lifecycle events on the topic are skipped; records that break the contract, or whose admission
 * failed, go to {@code rwx.migrations.dlq} with the reason.
 */
@ApplicationScoped
public class MigrationRequestConsumer {

    private final MigrationCoordinator coordinator;
    private final EventIngress ingress;
    private final TrustedSources trusted;

    public MigrationRequestConsumer(MigrationCoordinator coordinator, MigrationMetrics metrics, MigrationConfig config,
            @Channel("dead-letters") MutinyEmitter<byte[]> deadLetters,
            @ConfigProperty(name = "rwx.dead-letter.max-record-bytes", defaultValue = "1048576") int maxRecordBytes) {
        this.coordinator = coordinator;
        this.trusted = config.trustedSources().map(TrustedSources::parse).orElse(TrustedSources.none());
        this.ingress = new EventIngress(new DeadLetters(deadLetters, "migration-service", maxRecordBytes),
                metrics::consumed);
    }

    @Incoming("migrations-in")
    @Blocking
    public void onRecords(ConsumerRecords<String, byte[]> records) {
        ingress.process(records, this::admit);
    }

    private CompletableFuture<?> admit(CloudEvent<?> event) {
        if (event.type() != EventType.MIGRATION_REQUESTED) {
            return CompletableFuture.completedFuture(null);
        }
        try {
            MigrationRequested r = event.dataAs(MigrationRequested.class);
            String id = r.migrationId() != null ? r.migrationId() : MigrationCoordinator.idFor(event.id());
            MigrationRequest request = MigrationRequest.of(id, r.namespace(), r.sourcePvc(), r.targetPvc(), r.options())
                    .requestedBy(event.source());
            if (!trusted.allows(event.source(), r.namespace())) {
                coordinator.refuse(request, new Rejection(RejectionReason.UNTRUSTED_SOURCE,
                        trusted.refusal(event.source(), r.namespace())));
            } else {
                coordinator.request(request);
            }
            return CompletableFuture.completedFuture(null);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
