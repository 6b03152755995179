package io.rwx.volumewatcher;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.rwx.crds.Longhorn;
import io.rwx.crds.Volume;
import io.rwx.events.CloudEvent;
import io.rwx.events.EventData;
import io.rwx.events.EventIds;
import io.rwx.events.EventType;
import io.rwx.events.node.NfsClientMissing;
import io.rwx.events.node.NodeFailed;
import io.rwx.events.node.NodeFailureReason;
import io.rwx.events.node.NodeRecovered;
import io.rwx.events.sharemanager.ShareManagerFailed;
import io.rwx.events.sharemanager.ShareManagerReady;
import io.rwx.events.sharemanager.ShareManagerStarted;
import io.rwx.events.sharemanager.ShareManagerStopped;
import io.rwx.events.volume.VolumeDeleted;
import io.rwx.events.volume.VolumeObserved;
import io.rwx.volumewatcher.config.WatcherConfig;
import io.rwx.kit.kubernetes.Change;
import io.rwx.kit.kubernetes.ClusterCache;
import io.rwx.kit.model.Nodes;
import io.rwx.kit.model.Pods;
import io.rwx.volumewatcher.kubernetes.LeaderElection;
import io.rwx.volumewatcher.messaging.WatcherEventSink;
import io.rwx.volumewatcher.metrics.WatcherMetrics;
import io.rwx.volumewatcher.model.MountFailures;
import io.rwx.volumewatcher.model.ShareManagerSignals;
import io.rwx.volumewatcher.model.SnapshotBuilder;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
    private final Map<String, VolumeObserved> lastSnapshots = new ConcurrentHashMap<>();
    private final Map<String, Nodes.Readiness> nodeReadiness = new ConcurrentHashMap<>();
    private final Set<String> publishedIds = Collections.newSetFromMap(new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > 50_000;
        }
    });
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

    private void becomeLeader() {
        LOG.infof("%s is the leader: publishing, starting with a full resync", election.identity());
        leader = true;
        metrics.leader(true);
        lastSnapshots.clear();
        awaitSync();
        fullResync();
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
        int n = 0;
        for (Volume v : informers.volumes()) {
            if (snapshot(v.getMetadata().getName(), true)) {
                n++;
            }
        }
        LOG.debugf("resync published %d snapshot(s)", n);
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
                    lastSnapshots.remove(name);
                    publish(EventType.VOLUME_DELETED, clock.instant(), new VolumeDeleted(name,
                            change.current().getMetadata().getUid()), name, change.current().getMetadata().getUid());
                } else {
                    snapshot(name, false);
                }
            }
            // its state transitions are published by share-manager-controller, their only publisher
            case SHARE_MANAGER -> snapshot(change.current().getMetadata().getName(), false);
            case PERSISTENT_VOLUME -> volumeOf((PersistentVolume) change.current()).ifPresent(v -> snapshot(v, false));
            case PERSISTENT_VOLUME_CLAIM -> volumeOfClaim((PersistentVolumeClaim) change.current())
                    .ifPresent(v -> snapshot(v, false));
            case POD -> onPod(change);
            case NODE -> onNode(change);
            case EVENT -> onEvent((Event) change.current(), change.deleted());
            case SETTING, SERVICE -> { }
        }
    }

    private void onPod(Change change) {
        Pod pod = (Pod) change.current();
        String smVolume = pod.getMetadata().getLabels() == null ? null
                : pod.getMetadata().getLabels().get(Longhorn.SHARE_MANAGER_LABEL);
        if (smVolume != null && config.systemNamespace().equals(pod.getMetadata().getNamespace())) {
            if (change.deleted()) {
                signal(ShareManagerSignals.ofDeletedPod(smVolume, pod, informers.node(Pods.node(pod)).orElse(null)));
            } else {
                shareManagerSignals(smVolume, pod);
            }
            snapshot(smVolume, false);
            return;
        }
        Set<String> volumes = new LinkedHashSet<>();
        for (Pod p : new Pod[] {(Pod) change.before(), (Pod) change.after()}) {
            if (p != null) {
                for (String claim : Pods.claims(p)) {
                    informers.claim(p.getMetadata().getNamespace(), claim).flatMap(this::volumeOfClaim)
                            .ifPresent(volumes::add);
                }
            }
        }
        volumes.forEach(v -> snapshot(v, false));
    }

    private void shareManagerSignals(String volume, Pod pod) {
        ShareManagerSignals.ofPod(volume, pod, informers.node(Pods.node(pod)).orElse(null)).forEach(this::signal);
    }

    private void signal(ShareManagerSignals.Signal s) {
        Instant now = clock.instant();
        switch (s.kind()) {
            case STARTED -> publish(EventType.SHARE_MANAGER_STARTED, now, new ShareManagerStarted(s.volume(), s.pod(),
                    s.podUid(), s.node()), s.volume(), s.podUid(), "started");
            case READY -> publish(EventType.SHARE_MANAGER_READY, now, new ShareManagerReady(s.volume(), s.pod(),
                    s.podUid(), s.node(), null), s.volume(), s.podUid(), "ready");
            // one failure of one pod is one event, whichever signal shows it first, dated as the objects record it
            case FAILED -> publish(EventType.SHARE_MANAGER_FAILED, s.since() != null && s.since().isBefore(now)
                    ? s.since() : now, new ShareManagerFailed(s.volume(), s.pod(),
                    s.podUid(), s.node(), s.reason(), s.message()), s.volume(), s.podUid());
            case STOPPED -> publish(EventType.SHARE_MANAGER_STOPPED, now, new ShareManagerStopped(s.volume(), s.pod(),
                    s.podUid(), s.node()), s.volume(), s.podUid(), "stopped");
        }
    }

    private void onNode(Change change) {
        String node = change.current().getMetadata().getName();
        Instant now = clock.instant();
        if (change.deleted()) {
            nodeReadiness.remove(node);
            publish(EventType.NODE_FAILED, now, new NodeFailed(node, NodeFailureReason.DELETED, "node deleted"), node,
                    "deleted", change.current().getMetadata().getUid());
        } else {
            Node n = (Node) change.after();
            Nodes.Readiness ready = Nodes.readiness(n);
            Nodes.Readiness previous = nodeReadiness.put(node, ready);
            // lastTransitionTime is optional in the API: without it the change is dated when it was seen
            Instant since = Optional.ofNullable(Nodes.readySince(n)).filter(t -> !t.isAfter(now)).orElse(now);
            if (ready.down() && ready != previous) {
                publish(EventType.NODE_FAILED, since, new NodeFailed(node, ready == Nodes.Readiness.NOT_READY
                        ? NodeFailureReason.NOT_READY : NodeFailureReason.UNKNOWN, "node Ready=" + (ready
                        == Nodes.Readiness.NOT_READY ? "False" : "Unknown")), node, ready.name(), since.toString());
            } else if (ready == Nodes.Readiness.READY && previous != null && previous.down()) {
                publish(EventType.NODE_RECOVERED, since, new NodeRecovered(node), node, "recovered", since.toString());
            }
        }
        for (Pod pod : informers.shareManagerPodsOn(node)) {
            String volume = pod.getMetadata().getLabels().get(Longhorn.SHARE_MANAGER_LABEL);
            if (change.deleted()) {
                ShareManagerSignals.ofPod(volume, pod, null).forEach(this::signal); // its node is gone
            } else {
                shareManagerSignals(volume, pod);
            }
        }
    }

    private void onEvent(Event event, boolean deleted) {
        if (deleted || !"FailedMount".equals(event.getReason()) || event.getInvolvedObject() == null
                || !"Pod".equals(event.getInvolvedObject().getKind())) {
            return;
        }
        Optional<String> mountType = MountFailures.missingNfsHelper(event.getMessage());
        if (mountType.isEmpty()) {
            return;
        }
        String ns = event.getInvolvedObject().getNamespace();
        Pod pod = informers.pod(ns, event.getInvolvedObject().getName()).orElse(null);
        if (pod == null || pod.getSpec().getNodeName() == null) {
            return;
        }
        for (String claim : Pods.claims(pod)) {
            Optional<String> volume = informers.claim(ns, claim).flatMap(this::volumeOfClaim);
            if (volume.isEmpty() || !isRwx(volume.get())) {
                continue;
            }
            String node = pod.getSpec().getNodeName();
            publish(EventType.NODE_NFS_CLIENT_MISSING, clock.instant(), new NfsClientMissing(node, ns,
                    pod.getMetadata().getName(), volume.get(), claim, mountType.get(), event.getMessage(),
                    NfsClientMissing.remedyFor(node)), node, event.getMetadata().getUid() == null
                    ? event.getMetadata().getName() : event.getMetadata().getUid());
            return;
        }
    }

    private boolean isRwx(String volume) {
        return informers.volume(volume).map(v -> v.getSpec().getAccessMode() == io.rwx.crds.AccessMode.RWX)
                .orElse(false);
    }

    /**
     * Publishes the volume's snapshot if it is RWX-relevant and (unless {@code always}) its relevant content
     * changed since the last one published. Returns whether it published.
     */
    private boolean snapshot(String volume, boolean always) {
        Volume v = informers.volume(volume).orElse(null);
        if (v == null) {
            return false;
        }
        Optional<PersistentVolume> pv = informers.persistentVolumeOf(volume);
        PersistentVolumeClaim pvc = pv.map(p -> p.getSpec().getClaimRef()).flatMap(ref ->
                informers.claim(ref.getNamespace(), ref.getName())).orElse(null);
        if (!SnapshotBuilder.relevant(v, pvc)) {
            return false;
        }
        List<Pod> workloads = pvc == null ? List.of()
                : informers.podsMounting(pvc.getMetadata().getNamespace(), pvc.getMetadata().getName());
        VolumeObserved snapshot = SnapshotBuilder.build(v, pv.orElse(null), pvc, workloads,
                informers.shareManager(volume).orElse(null), informers.shareManagerPod(volume).orElse(null));
        VolumeObserved relevant = SnapshotBuilder.relevantPart(snapshot);
        if (!leader || (!always && relevant.equals(lastSnapshots.get(volume)))) {
            return false;
        }
        lastSnapshots.put(volume, relevant);
        publishAlways(EventType.VOLUME_OBSERVED, clock.instant(), snapshot,
                EventIds.deterministic(EventType.VOLUME_OBSERVED, volume, snapshot.resourceVersion(),
                        Integer.toHexString(relevant.hashCode())));
        return true;
    }

    private Optional<String> volumeOf(PersistentVolume pv) {
        if (pv.getSpec() == null || pv.getSpec().getCsi() == null
                || !Longhorn.CSI_DRIVER.equals(pv.getSpec().getCsi().getDriver())) {
            return Optional.empty();
        }
        return Optional.ofNullable(pv.getSpec().getCsi().getVolumeHandle());
    }

    private Optional<String> volumeOfClaim(PersistentVolumeClaim pvc) {
        String pvName = pvc.getSpec() == null ? null : pvc.getSpec().getVolumeName();
        return pvName == null ? Optional.empty() : informers.persistentVolume(pvName).flatMap(this::volumeOf);
    }

    /** Publishes once per deterministic id (only the leader publishes). */
    private void publish(EventType type, Instant time, EventData data, String... idParts) {
        String id = EventIds.deterministic(type, idParts);
        if (!leader || publishedIds.contains(id)) {
            return;
        }
        publishAlways(type, time, data, id);
        publishedIds.add(id);
    }

    private void publishAlways(EventType type, Instant time, EventData data, String id) {
        try {
            sink.publish(CloudEvent.of(id, config.source(), time, data));
            metrics.published(type.type(), Duration.between(time, clock.instant()));
        } catch (RuntimeException e) {
            metrics.publishFailed();
            LOG.warnf("could not publish %s for %s: %s", type.type(), data.subject(), e.getMessage());
            throw e;
        }
    }
}
