package io.rwx.sharemanager.messaging;

import io.rwx.events.CloudEvent;
import io.rwx.events.node.NfsClientMissing;
import io.rwx.events.node.NodeFailed;
import io.rwx.events.sharemanager.ShareManagerFailed;
import io.rwx.kit.messaging.CloudEventMessages;
import io.rwx.sharemanager.NfsClientWarnings;
import io.rwx.sharemanager.ShareManagerReconciler;
import io.smallrye.common.annotation.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Every volume and share-manager event means "reconcile this volume now"; node events reconcile the node's
 * share-managers or raise the NFS-client warning. Offsets are committed after processing; malformed records go
 * to the topic's DLQ; unknown types are skipped. The service's own state-changed events are skipped too.
 */
@ApplicationScoped
public class ShareManagerEventConsumer {

    private final ShareManagerReconciler reconciler;
    private final NfsClientWarnings nfsWarnings;
    private final CloudEventMessages messages = new CloudEventMessages();

    public ShareManagerEventConsumer(ShareManagerReconciler reconciler, NfsClientWarnings nfsWarnings) {
        this.reconciler = reconciler;
        this.nfsWarnings = nfsWarnings;
    }

    @Incoming("volumes-in")
    @Blocking
    public void onVolumeEvent(ConsumerRecord<String, byte[]> record) {
        CloudEvent<?> event = decode(record);
        if (event != null) {
            reconciler.reconcile(event.subject());
        }
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
                reconciler.failureReported(failed.volume(), failed.podUid(), event.source());
            }
            case SHARE_MANAGER_STATE_CHANGED -> { } // our own
            default -> reconciler.reconcile(event.subject());
        }
    }

    @Incoming("nodes-in")
    @Blocking
    public void onNodeEvent(ConsumerRecord<String, byte[]> record) {
        CloudEvent<?> event = decode(record);
        if (event == null) {
            return;
        }
        switch (event.type()) {
            case NODE_FAILED -> reconciler.nodeFailed(event.dataAs(NodeFailed.class).node());
            case NODE_RECOVERED -> reconciler.nodeFailed(event.subject());
            case NODE_NFS_CLIENT_MISSING -> nfsWarnings.warn(event.dataAs(NfsClientMissing.class));
            default -> { }
        }
    }

    private CloudEvent<?> decode(ConsumerRecord<String, byte[]> record) {
        return messages.decodeOrSkip(record);
    }
}
