package io.rwx.sharemanager;

import io.rwx.crds.ShareManagerState;
import io.rwx.events.CloudEvent;
import io.rwx.events.EventIds;
import io.rwx.events.EventType;
import io.rwx.events.sharemanager.ShareManagerStateChanged;
import io.rwx.sharemanager.config.ShareManagerConfig;
import io.rwx.sharemanager.messaging.ShareManagerEventSink;
import io.rwx.sharemanager.metrics.ShareManagerMetrics;
import io.rwx.sharemanager.model.Decision;
import io.rwx.sharemanager.model.RecreationBackoff;
import io.rwx.sharemanager.model.ShareWrites;
import io.rwx.sharemanager.model.VolumeMemory;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;

/**
 * A ShareManager changed state: logged, counted, and published as {@code sharemanager.state-changed} (this service
 * is its only publisher); starting → running also ends the recreation backoff and times the start.
 */
@ApplicationScoped
public class Transitions {

    private static final Logger LOG = Logger.getLogger(Transitions.class);

    private final ShareManagerConfig config;
    private final ShareManagerEventSink sink;
    private final ShareManagerMetrics metrics;

    public Transitions(ShareManagerConfig config, ShareManagerEventSink sink, ShareManagerMetrics metrics) {
        this.config = config;
        this.sink = sink;
        this.metrics = metrics;
    }

    /** Records the transition {@code from} → {@code decision.next()}; returns the volume's updated memory. */
    public VolumeMemory record(String volume, ShareManagerState from, Decision decision, ShareWrites writes,
            VolumeMemory mem, Instant now) {
        ShareManagerState to = decision.next();
        LOG.infof("volume %s: share-manager %s -> %s (%s)", volume, from == null ? "none" : from.value(), to.value(),
                decision.reason());
        metrics.transition(from, to);
        if (to == ShareManagerState.STARTING && mem.startingSince() == null) {
            mem = mem.withStartingSince(now);
        }
        if (to == ShareManagerState.RUNNING) {
            if (mem.startingSince() != null) {
                metrics.started(Duration.between(mem.startingSince(), now));
            }
            mem = mem.withStartingSince(null).withBackoff(RecreationBackoff.NONE);
        }
        ShareManagerStateChanged changed = new ShareManagerStateChanged(volume,
                from == null ? null : io.rwx.events.common.ShareManagerState.valueOf(from.name()),
                io.rwx.events.common.ShareManagerState.valueOf(to.name()), writes.ownerID(), writes.endpoint(),
                decision.reason());
        sink.publish(CloudEvent.of(EventIds.deterministic(EventType.SHARE_MANAGER_STATE_CHANGED, volume,
                String.valueOf(from), to.value(), now.toString()), config.source(), now, changed));
        return mem;
    }
}
