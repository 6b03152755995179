package io.rwx.volumewatcher;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.rwx.crds.Longhorn;
import io.rwx.events.EventType;
import io.rwx.events.node.NfsClientMissing;
import io.rwx.events.node.NodeFailed;
import io.rwx.events.node.NodeFailureReason;
import io.rwx.events.node.NodeRecovered;
import io.rwx.events.sharemanager.ShareManagerFailed;
import io.rwx.events.sharemanager.ShareManagerReady;
import io.rwx.events.sharemanager.ShareManagerStarted;
import io.rwx.events.sharemanager.ShareManagerStopped;
import io.rwx.kit.kubernetes.Change;
import io.rwx.kit.kubernetes.ClusterCache;
import io.rwx.kit.model.Nodes;
import io.rwx.kit.model.Pods;
import io.rwx.volumewatcher.config.WatcherConfig;
import io.rwx.volumewatcher.model.MountFailures;
import io.rwx.volumewatcher.model.ShareManagerSignals;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What pods, nodes and core Events say: share-manager lifecycle signals (the shared classifier's verdicts), node
 * failures and recoveries, missing NFS clients; and which volumes' snapshots a workload change touches.
 */
final class Signals {

    private final WatcherConfig config;
    private final ClusterCache informers;
    private final Publications publications;
    private final Snapshots snapshots;
    private final Clock clock;
    private final Map<String, Nodes.Readiness> nodeReadiness = new ConcurrentHashMap<>();

    Signals(WatcherConfig config, ClusterCache informers, Publications publications, Snapshots snapshots, Clock clock) {
        this.config = config;
        this.informers = informers;
        this.publications = publications;
        this.snapshots = snapshots;
        this.clock = clock;
    }

    void onPod(Change change) {
        Pod pod = (Pod) change.current();
        String smVolume = pod.getMetadata().getLabels() == null ? null
                : pod.getMetadata().getLabels().get(Longhorn.SHARE_MANAGER_LABEL);
        if (smVolume != null && config.systemNamespace().equals(pod.getMetadata().getNamespace())) {
            if (change.deleted()) {
                signal(ShareManagerSignals.ofDeletedPod(smVolume, pod, informers.node(Pods.node(pod)).orElse(null)));
            } else {
                shareManagerSignals(smVolume, pod);
            }
            snapshots.publish(smVolume, false);
            return;
        }
        Set<String> volumes = new LinkedHashSet<>();
        for (Pod p : new Pod[] {(Pod) change.before(), (Pod) change.after()}) {
            if (p != null) {
                for (String claim : Pods.claims(p)) {
                    informers.claim(p.getMetadata().getNamespace(), claim).flatMap(snapshots::volumeOfClaim)
                            .ifPresent(volumes::add);
                }
            }
        }
        volumes.forEach(v -> snapshots.publish(v, false));
    }

    private void shareManagerSignals(String volume, Pod pod) {
        ShareManagerSignals.ofPod(volume, pod, informers.node(Pods.node(pod)).orElse(null)).forEach(this::signal);
    }

    private void signal(ShareManagerSignals.Signal s) {
        Instant now = clock.instant();
        switch (s.kind()) {
            case STARTED -> publications.once(EventType.SHARE_MANAGER_STARTED, now, new ShareManagerStarted(s.volume(), s.pod(),
                    s.podUid(), s.node()), s.volume(), s.podUid(), "started");
            case READY -> publications.once(EventType.SHARE_MANAGER_READY, now, new ShareManagerReady(s.volume(), s.pod(),
                    s.podUid(), s.node(), null), s.volume(), s.podUid(), "ready");
            // one failure of one pod is one event, whichever signal shows it first, dated as the objects record it
            case FAILED -> publications.once(EventType.SHARE_MANAGER_FAILED, s.since() != null && s.since().isBefore(now)
                    ? s.since() : now, new ShareManagerFailed(s.volume(), s.pod(),
                    s.podUid(), s.node(), s.reason(), s.message()), s.volume(), s.podUid());
            case STOPPED -> publications.once(EventType.SHARE_MANAGER_STOPPED, now, new ShareManagerStopped(s.volume(), s.pod(),
                    s.podUid(), s.node()), s.volume(), s.podUid(), "stopped");
        }
    }

    void onNode(Change change) {
        String node = change.current().getMetadata().getName();
        Instant now = clock.instant();
        if (change.deleted()) {
            nodeReadiness.remove(node);
            publications.once(EventType.NODE_FAILED, now, new NodeFailed(node, NodeFailureReason.DELETED, "node deleted"), node,
                    "deleted", change.current().getMetadata().getUid());
        } else {
            Node n = (Node) change.after();
            Nodes.Readiness ready = Nodes.readiness(n);
            Nodes.Readiness previous = nodeReadiness.put(node, ready);
            // lastTransitionTime is optional in the API: without it the change is dated when it was seen
            Instant since = Optional.ofNullable(Nodes.readySince(n)).filter(t -> !t.isAfter(now)).orElse(now);
            if (ready.down() && ready != previous) {
                publications.once(EventType.NODE_FAILED, since, new NodeFailed(node, ready == Nodes.Readiness.NOT_READY
                        ? NodeFailureReason.NOT_READY : NodeFailureReason.UNKNOWN, "node Ready=" + (ready
                        == Nodes.Readiness.NOT_READY ? "False" : "Unknown")), node, ready.name(), since.toString());
            } else if (ready == Nodes.Readiness.READY && previous != null && previous.down()) {
                publications.once(EventType.NODE_RECOVERED, since, new NodeRecovered(node), node, "recovered", since.toString());
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

    void onEvent(Event event, boolean deleted) {
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
            Optional<String> volume = informers.claim(ns, claim).flatMap(snapshots::volumeOfClaim);
            if (volume.isEmpty() || !isRwx(volume.get())) {
                continue;
            }
            String node = pod.getSpec().getNodeName();
            publications.once(EventType.NODE_NFS_CLIENT_MISSING, clock.instant(), new NfsClientMissing(node, ns,
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
}
