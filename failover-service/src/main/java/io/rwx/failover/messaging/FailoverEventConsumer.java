package io.rwx.failover.messaging;

import io.rwx.events.CloudEvent;
import io.rwx.events.node.NodeFailed;
import io.rwx.events.sharemanager.ShareManagerFailed;
import io.rwx.failover.FailoverCoordinator;
import io.rwx.failover.metrics.FailoverMetrics;
import io.rwx.failover.model.FailureSignal;
import io.rwx.kit.messaging.DeadLetters;
import io.rwx.kit.messaging.EventIngress;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/**
 * Consumes share-manager, node and volume events in batches. Each event's work runs in its volume's lane (so the
 * share-manager, node and volume channels never act on one volume at the same time), and a batch is committed once
 * all of its work finished. A record that breaks the contract, or whose work kept failing, goes to
 * {@code <topic>.dlq} with the reason; a type this version does not know is skipped.
 */
@ApplicationScoped
public class FailoverEventConsumer {

    private final FailoverCoordinator coordinator;
    private final EventIngress ingress;
    private final Clock clock = Clock.systemUTC();

    public FailoverEventConsumer(FailoverCoordinator coordinator, FailoverMetrics metrics,
            @Channel("dead-letters") MutinyEmitter<byte[]> deadLetters,
            @ConfigProperty(name = "rwx.dead-letter.max-record-bytes", defaultValue = "1048576") int maxRecordBytes) {
        this.coordinator = coordinator;
        this.ingress = new EventIngress(new DeadLetters(deadLetters, "failover-service", maxRecordBytes),
                metrics::consumed);
    }

    @Incoming("share-managers-in")
    @Blocking
    public void onShareManagerEvents(ConsumerRecords<String, byte[]> records) {
        ingress.process(records, this::route);
    }

    @Incoming("nodes-in")
    @Blocking
    public void onNodeEvents(ConsumerRecords<String, byte[]> records) {
        ingress.process(records, this::route);
    }

    @Incoming("volumes-in")
    @Blocking
    public void onVolumeEvents(ConsumerRecords<String, byte[]> records) {
        ingress.process(records, this::route);
    }

    private CompletableFuture<?> route(CloudEvent<?> event) {
        return switch (event.type()) {
            case SHARE_MANAGER_FAILED -> {
                ShareManagerFailed failed = event.dataAs(ShareManagerFailed.class);
                yield coordinator.report(new FailureSignal(failed.volume(), failed.podUid(), failed.node(),
                        failed.reason(), event.time(), clock.instant(), event.source()));
            }
            case NODE_FAILED -> {
                NodeFailed failed = event.dataAs(NodeFailed.class);
                yield coordinator.nodeFailed(failed.node(), failed.reason(), event.time(), event.source());
            }
            case SHARE_MANAGER_STARTED, SHARE_MANAGER_READY, SHARE_MANAGER_STOPPED, SHARE_MANAGER_STATE_CHANGED,
                    VOLUME_OBSERVED -> coordinator.reconcile(event.subject());
            case VOLUME_DELETED -> {
                coordinator.forget(event.subject());
                yield CompletableFuture.completedFuture(null);
            }
            default -> CompletableFuture.completedFuture(null);
        };
    }
}
