package io.rwx.failover.messaging;

import io.rwx.events.CloudEvent;
import io.rwx.events.MalformedEventException;
import io.rwx.events.node.NodeFailed;
import io.rwx.events.sharemanager.ShareManagerFailed;
import io.rwx.failover.FailoverCoordinator;
import io.rwx.failover.metrics.FailoverMetrics;
import io.rwx.failover.model.FailureSignal;
import io.rwx.kit.messaging.CloudEventMessages;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Consumes share-manager, node and volume events. Each record is processed in order per partition (so per
 * volume), and its offset is committed only after processing. A record that breaks the contract, or whose
 * processing keeps failing after the coordinator's bounded retries, goes to {@code <topic>.dlq} with the reason
 * (failure-strategy=dead-letter-queue); a type this version does not know is skipped.
 */
@ApplicationScoped
public class FailoverEventConsumer {

    private final FailoverCoordinator coordinator;
    private final FailoverMetrics metrics;
    private final CloudEventMessages messages = new CloudEventMessages();

    public FailoverEventConsumer(FailoverCoordinator coordinator, FailoverMetrics metrics) {
        this.coordinator = coordinator;
        this.metrics = metrics;
    }

    @Incoming("share-managers-in")
    @Blocking
    public void onShareManagerEvent(ConsumerRecord<String, byte[]> record) {
        CloudEvent<?> event = decode(record);
        if (event == null) {
            return;
        }
        switch (event.type()) {
            case SHARE_MANAGER_FAILED -> {
                ShareManagerFailed failed = event.dataAs(ShareManagerFailed.class);
                coordinator.onFailure(new FailureSignal(failed.volume(), failed.podUid(), failed.node(),
                        failed.reason(), event.time(), event.source()));
            }
            case SHARE_MANAGER_STARTED, SHARE_MANAGER_READY, SHARE_MANAGER_STOPPED, SHARE_MANAGER_STATE_CHANGED ->
                    coordinator.reconcile(event.subject());
            default -> { }
        }
        metrics.consumed(event.type().type(), "processed");
    }

    @Incoming("nodes-in")
    @Blocking
    public void onNodeEvent(ConsumerRecord<String, byte[]> record) {
        CloudEvent<?> event = decode(record);
        if (event == null) {
            return;
        }
        switch (event.type()) {
            case NODE_FAILED -> {
                NodeFailed failed = event.dataAs(NodeFailed.class);
                coordinator.onNodeFailure(failed.node(), failed.reason(), event.time(), event.source());
            }
            default -> { }
        }
        metrics.consumed(event.type().type(), "processed");
    }

    @Incoming("volumes-in")
    @Blocking
    public void onVolumeEvent(ConsumerRecord<String, byte[]> record) {
        CloudEvent<?> event = decode(record);
        if (event == null) {
            return;
        }
        switch (event.type()) {
            case VOLUME_OBSERVED -> coordinator.reconcile(event.subject());
            case VOLUME_DELETED -> coordinator.forget(event.subject());
            default -> { }
        }
        metrics.consumed(event.type().type(), "processed");
    }

    private CloudEvent<?> decode(ConsumerRecord<String, byte[]> record) {
        try {
            CloudEvent<?> event = messages.decodeOrSkip(record);
            if (event == null) {
                metrics.consumed("unknown", "skipped");
            }
            return event;
        } catch (MalformedEventException e) {
            metrics.consumed("malformed", "dead-lettered");
            throw e;
        }
    }
}
