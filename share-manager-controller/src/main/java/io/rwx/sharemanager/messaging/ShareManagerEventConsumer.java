package io.rwx.sharemanager.messaging;

import io.rwx.events.CloudEvent;
import io.rwx.events.node.NfsClientMissing;
import io.rwx.kit.kubernetes.ClusterCache;
import io.rwx.kit.messaging.DeadLetters;
import io.rwx.kit.messaging.EventIngress;
import io.rwx.sharemanager.NfsClientWarnings;
import io.rwx.sharemanager.ShareManagerReconciler;
import io.rwx.sharemanager.metrics.ShareManagerMetrics;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.reactive.messaging.MutinyEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Incoming;

import java.util.concurrent.CompletableFuture;

/**
 * Every volume and share-manager event means "reconcile this volume now"; node events reconcile the node's
 * share-managers or raise the NFS-client warning. Records come in batches; each event's work runs in its
 * volume's lane, and the batch is committed once all of it finished. A record that breaks the contract, or whose
 * work kept failing, goes to {@code <topic>.dlq} with the reason; unknown types are skipped; the service's own
 * state-changed events are skipped too.
 */
@ApplicationScoped
public class ShareManagerEventConsumer {

    private final ShareManagerReconciler reconciler;
    private final NfsClientWarnings nfsWarnings;
    private final ClusterCache cache;
    private final EventIngress ingress;

    public ShareManagerEventConsumer(ShareManagerReconciler reconciler, NfsClientWarnings nfsWarnings,
            ClusterCache cache, ShareManagerMetrics metrics,
            @Channel("dead-letters") MutinyEmitter<byte[]> deadLetters,
            @ConfigProperty(name = "rwx.dead-letter.max-record-bytes", defaultValue = "1048576") int maxRecordBytes) {
        this.reconciler = reconciler;
        this.nfsWarnings = nfsWarnings;
        this.cache = cache;
        this.ingress = new EventIngress(new DeadLetters(deadLetters, "share-manager-controller", maxRecordBytes),
                metrics::consumed);
    }

    @Incoming("volumes-in")
    @Blocking
    public void onVolumeEvents(ConsumerRecords<String, byte[]> records) {
        ingress.process(records, this::route);
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

    private CompletableFuture<?> route(CloudEvent<?> event) {
        return switch (event.type()) {
            case SHARE_MANAGER_STATE_CHANGED -> CompletableFuture.completedFuture(null); // our own
            case NODE_FAILED, NODE_RECOVERED -> CompletableFuture.allOf(cache.shareManagerPodsOn(event.subject())
                    .stream().map(p -> p.getMetadata().getLabels().get(io.rwx.crds.Longhorn.SHARE_MANAGER_LABEL))
                    .map(reconciler::request).toArray(CompletableFuture[]::new));
            case NODE_NFS_CLIENT_MISSING -> {
                NfsClientMissing missing = event.dataAs(NfsClientMissing.class);
                yield reconciler.inLane(missing.volume(), () -> {
                    nfsWarnings.warn(missing);
                    return null;
                });
            }
            default -> event.type().topic() == io.rwx.events.Topic.NODES ? CompletableFuture.completedFuture(null)
                    : reconciler.request(event.subject());
        };
    }
}
