package io.rwx.volumewatcher;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.rwx.crds.Volume;
import io.rwx.events.EventType;
import io.rwx.events.volume.VolumeDeleted;
import io.rwx.kit.kubernetes.Change;
import io.rwx.kit.kubernetes.ClusterCache;
import io.rwx.volumewatcher.config.WatcherConfig;
import io.rwx.volumewatcher.kubernetes.LeaderElection;
import io.rwx.volumewatcher.messaging.WatcherEventSink;
import io.rwx.volumewatcher.metrics.WatcherMetrics;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The single sensor: turns informer notifications into contract events. Notifications are handled one at a time
 * on one thread (so events of a volume keep their order); only the leader publishes. A snapshot is published only
 * when its relevant content changed, lifecycle signals once per pod (deterministic ids), and every RWX volume's
 * snapshot again on each resync and on becoming leader.
 */
public class VolumeWatcher implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(VolumeWatcher.class);

    private final WatcherConfig config;
    private final ClusterCache informers;
    private final LeaderElection election;
    private final WatcherEventSink sink;
    private final WatcherMetrics metrics;
    private final Clock clock;
    private final ScheduledExecutorService loop;
    private final Publications publications;
    private final Snapshots snapshots;
    private final Signals signals;
    private volatile boolean leader;

    public VolumeWatcher(WatcherConfig config, ClusterCache informers, LeaderElection election,
            WatcherEventSink sink, WatcherMetrics metrics, Clock clock) {
        this.config = config;
        this.informers = informers;
        this.election = election;
        this.sink = sink;
        this.metrics = metrics;
        this.clock = clock;
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "volume-watcher"));
        this.publications = new Publications(config, sink, metrics, clock, () -> leader);
        this.snapshots = new Snapshots(informers, publications, clock);
        this.signals = new Signals(config, informers, publications, snapshots, clock);
    }

    public void start() {
        informers.start(change -> loop.execute(() -> handleQuietly(change)));
        election.start(() -> loop.execute(this::becomeLeader), () -> loop.execute(this::loseLeadership));
        long period = config.resyncPeriod().toMillis();
        loop.scheduleWithFixedDelay(this::resyncQuietly, period, period, TimeUnit.MILLISECONDS);
        loop.scheduleWithFixedDelay(() -> informers.sizes().forEach((k, n) -> metrics.watched(k.name().toLowerCase()
                .replace('_', '-'), n)), 1, 15, TimeUnit.SECONDS);
    }

    public boolean synced() {
        return informers.synced();
    }

    public boolean isLeader() {
        return leader;
    }

    /** Stops leading and campaigning (the Lease is not released: a standby takes over when it expires). */
    public void stopElection() {
        election.stop();
        loop.execute(this::loseLeadership);
    }

    @Override
    public void close() {
        election.stop();
        loop.shutdownNow();
        informers.close();
    }

    /**
     * While a new leader's first resync runs, the informers' start-up flood (an add for every object) would publish
     * each volume once more, one acknowledged send at a time; the volumes it names are noted instead and looked at
     * again after the resync (and published only if they changed since).
     */
    private boolean resyncing;
    private final Set<String> changedDuringResync = new HashSet<>();
    private final Object resyncLock = new Object();

    private void becomeLeader() {
        LOG.infof("%s is the leader: publishing, starting with a full resync", election.identity());
        synchronized (resyncLock) {
            resyncing = true;
        }
        leader = true;
        metrics.leader(true);
        snapshots.clear();
        try {
            awaitSync();
            fullResync();
        } finally {
            List<String> changed;
            synchronized (resyncLock) {
                resyncing = false;
                changed = List.copyOf(changedDuringResync);
                changedDuringResync.clear();
            }
            changed.forEach(name -> snapshots.publish(name, false));
        }
    }

    private void snapshot(String volume) {
        synchronized (resyncLock) {
            if (resyncing) {
                changedDuringResync.add(volume);
                return;
            }
        }
        snapshots.publish(volume, false);
    }

    private void loseLeadership() {
        if (leader) {
            LOG.infof("%s stopped leading", election.identity());
        }
        leader = false;
        metrics.leader(false);
    }

    private void awaitSync() {
        if (!informers.awaitSynced(Duration.ofSeconds(60))) {
            LOG.warn("informers not synced after 60 s: the resync publishes what is cached so far");
        }
    }

    private void resyncQuietly() {
        try {
            if (leader) {
                fullResync();
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "resync failed; next in %s", config.resyncPeriod());
        }
    }

    /** A snapshot of every RWX-relevant volume, published even when unchanged, so a consumer that missed events heals. */
    void fullResync() {
        long t0 = System.nanoTime();
        int n = publications.inBatch(() -> {
            int published = 0;
            for (Volume v : informers.volumes()) {
                if (snapshots.publish(v.getMetadata().getName(), true)) {
                    published++;
                }
            }
            return published;
        });
        LOG.infof("resync published %d snapshot(s) in %d ms", n, (System.nanoTime() - t0) / 1_000_000);
    }

    private void handleQuietly(Change change) {
        try {
            handle(change);
        } catch (RuntimeException e) {
            LOG.warnf(e, "handling a %s change failed", change.kind());
        }
    }

    private void handle(Change change) {
        switch (change.kind()) {
            case VOLUME -> {
                String name = change.current().getMetadata().getName();
                if (change.deleted()) {
                    snapshots.forget(name);
                    publications.once(EventType.VOLUME_DELETED, clock.instant(), new VolumeDeleted(name,
                            change.current().getMetadata().getUid()), name, change.current().getMetadata().getUid());
                } else {
                    snapshot(name);
                }
            }
            // its state transitions are published by share-manager-controller, their only publisher
            case SHARE_MANAGER -> snapshot(change.current().getMetadata().getName());
            case PERSISTENT_VOLUME -> Snapshots.volumeOf((PersistentVolume) change.current()).ifPresent(this::snapshot);
            case PERSISTENT_VOLUME_CLAIM -> snapshots.volumeOfClaim((PersistentVolumeClaim) change.current())
                    .ifPresent(this::snapshot);
            case POD -> signals.onPod(change);
            case NODE -> signals.onNode(change);
            case EVENT -> signals.onEvent((Event) change.current(), change.deleted());
            case SETTING, SERVICE -> { }
        }
    }
}
