package io.rwx.sharemanager;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.rwx.crds.AccessMode;
import io.rwx.crds.Longhorn;
import io.rwx.crds.ShareManager;
import io.rwx.crds.ShareManagerState;
import io.rwx.crds.Volume;
import io.rwx.crds.VolumeState;
import io.rwx.events.CloudEvent;
import io.rwx.events.EventIds;
import io.rwx.events.sharemanager.ShareManagerStateChanged;
import io.rwx.sharemanager.config.ShareManagerConfig;
import io.rwx.sharemanager.kubernetes.ClaimGateway;
import io.rwx.sharemanager.kubernetes.EventRecorder;
import io.rwx.sharemanager.kubernetes.NodeGateway;
import io.rwx.sharemanager.kubernetes.PodGateway;
import io.rwx.sharemanager.kubernetes.ServiceGateway;
import io.rwx.sharemanager.kubernetes.ShareManagerGateway;
import io.rwx.sharemanager.kubernetes.VolumeGateway;
import io.rwx.sharemanager.messaging.ShareManagerEventSink;
import io.rwx.sharemanager.metrics.ShareManagerMetrics;
import io.rwx.sharemanager.model.AccessModeRules;
import io.rwx.sharemanager.model.Decision;
import io.rwx.sharemanager.model.Facts;
import io.rwx.sharemanager.model.PodSettings;
import io.rwx.sharemanager.model.RecreationBackoff;
import io.rwx.sharemanager.model.ShareManagerLifecycle;
import io.rwx.sharemanager.model.ShareManagerObjects;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reconciles one volume's share, level-based: load (Volume, PV → PVC → pods, ShareManager, Service, pod, node)
 * → decide ({@link ShareManagerLifecycle}) → apply (pod, attachment) → write status once → publish the
 * transition. Events only say which volume to look at.
 */
@ApplicationScoped
public class ShareManagerReconciler {

    private static final Logger LOG = Logger.getLogger(ShareManagerReconciler.class);
    private static final long GRACE_SECONDS = 30;

    private final ShareManagerConfig config;
    private final VolumeGateway volumes;
    private final ShareManagerGateway shareManagers;
    private final ServiceGateway services;
    private final PodGateway pods;
    private final ClaimGateway claims;
    private final NodeGateway nodes;
    private final EventRecorder kubeEvents;
    private final ShareManagerEventSink sink;
    private final ShareManagerMetrics metrics;
    private final Clock clock = Clock.systemUTC();
    private final PodSettings podSettings;

    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final Map<String, RecreationBackoff> backoffs = new ConcurrentHashMap<>();
    private final Map<String, String> failedNodes = new ConcurrentHashMap<>();
    private final Map<String, String> reportedFailures = new ConcurrentHashMap<>();
    private final Map<String, Instant> startingSince = new ConcurrentHashMap<>();
    private final java.util.Set<String> refusalsLogged = ConcurrentHashMap.newKeySet();
    private ScheduledExecutorService scheduler;

    public ShareManagerReconciler(ShareManagerConfig config, VolumeGateway volumes, ShareManagerGateway shareManagers,
            ServiceGateway services, PodGateway pods, ClaimGateway claims, NodeGateway nodes, EventRecorder kubeEvents,
            ShareManagerEventSink sink, ShareManagerMetrics metrics) {
        this.config = config;
        this.volumes = volumes;
        this.shareManagers = shareManagers;
        this.services = services;
        this.pods = pods;
        this.claims = claims;
        this.nodes = nodes;
        this.kubeEvents = kubeEvents;
        this.sink = sink;
        this.metrics = metrics;
        this.podSettings = new PodSettings(config.image(), config.serviceAccount().orElse(null), config.requests(),
                config.limits(), config.tolerations().orElse(List.of()).stream().map(ShareManagerReconciler::toleration)
                        .toList(), config.nodeSelector(), config.priorityClass().orElse(null));
    }

    /** {@code key=value:Effect} or {@code key:Effect}; rejected at start-up when malformed. */
    static Toleration toleration(String spec) {
        int colon = spec.lastIndexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("rwx.share-manager.tolerations: '" + spec
                    + "' is not key=value:Effect or key:Effect");
        }
        String keyValue = spec.substring(0, colon);
        TolerationBuilder t = new TolerationBuilder().withEffect(spec.substring(colon + 1));
        int eq = keyValue.indexOf('=');
        return eq < 0 ? t.withKey(keyValue).withOperator("Exists").build()
                : t.withKey(keyValue.substring(0, eq)).withOperator("Equal").withValue(keyValue.substring(eq + 1)).build();
    }

    void onStart(@Observes StartupEvent startup) {
        scheduler = Executors.newScheduledThreadPool(1, r -> new Thread(r, "share-manager-requeue"));
        long period = config.resyncInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::reconcileAll, 0, period, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent shutdown) {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }

    /** Full pass over every volume: at start-up and every resync interval, so a lost event heals. */
    public void reconcileAll() {
        try {
            for (Volume v : volumes.list()) {
                reconcileQuietly(v.getMetadata().getName());
            }
        } catch (RuntimeException e) {
            LOG.warnf(e, "full reconcile failed; next in %s", config.resyncInterval());
        }
    }

    /** A failure of {@code podUid} was reported by {@code source}: trusted reports replace the pod. */
    public void failureReported(String volume, String podUid, String source) {
        if (podUid != null && config.isTrusted(source)) {
            reportedFailures.put(volume, podUid);
        }
        reconcile(volume);
    }

    /** The share-managers on a failed node are looked at now. */
    public void nodeFailed(String node) {
        for (Pod pod : pods.shareManagerPodsOn(node)) {
            String volume = pod.getMetadata().getLabels().get(Longhorn.SHARE_MANAGER_LABEL);
            if (volume != null) {
                reconcile(volume);
            }
        }
    }

    private void reconcileQuietly(String volume) {
        try {
            reconcile(volume);
        } catch (RuntimeException e) {
            LOG.warnf("volume %s: reconcile failed: %s", volume, e.getMessage());
        }
    }

    /** Reconciles one volume; 409s re-read and retry a few times, then the error propagates. */
    public void reconcile(String volume) {
        Object lock = locks.computeIfAbsent(volume, v -> new Object());
        synchronized (lock) {
            Timer.Sample sample = metrics.startReconcile();
            for (int attempt = 1; ; attempt++) {
                try {
                    reconcileOnce(volume);
                    metrics.reconciled(sample, true);
                    return;
                } catch (KubernetesClientException e) {
                    if (e.getCode() != 409 || attempt >= 5) {
                        metrics.reconciled(sample, false);
                        throw e;
                    }
                }
            }
        }
    }

    private void reconcileOnce(String name) {
        Volume volume = volumes.get(name).orElse(null);
        if (volume == null) {
            removeShare(name, "volume deleted");
            return;
        }
        Optional<PersistentVolumeClaim> claim = claims.claimOf(name);
        volume = followClaimAccessMode(volume, claim);
        if (volume.getSpec().getAccessMode() != AccessMode.RWX) {
            removeShare(name, "volume is not rwx");
            return;
        }
        List<Pod> workloads = claim.map(c -> pods.workloadsMounting(c.getMetadata().getNamespace(),
                c.getMetadata().getName())).orElse(List.of());
        Optional<ShareManager> existing = shareManagers.get(name);
        if (existing.isEmpty() && workloads.isEmpty()) {
            return; // never used: nothing to share yet
        }
        ShareManager sm = existing.orElseGet(() -> {
            LOG.infof("volume %s: in use by %d pod(s), creating its ShareManager", name, workloads.size());
            return shareManagers.ensure(ShareManagerObjects.generateShareManager(volumes.get(name).orElseThrow(),
                    config.image()));
        });
        Service service = services.reconcile(Longhorn.shareManagerServiceName(name),
                ShareManagerObjects.generateService(sm));
        String clusterIP = service == null || service.getSpec().getClusterIP() == null
                || service.getSpec().getClusterIP().isBlank() || "None".equals(service.getSpec().getClusterIP())
                ? null : service.getSpec().getClusterIP();
        Pod pod = pods.shareManagerPod(name).orElse(null);

        ShareManagerState current = sm.getStatus() == null ? null : sm.getStatus().getState();
        RecreationBackoff backoff = backoffs.getOrDefault(name, RecreationBackoff.NONE);
        Instant now = clock.instant();
        Facts.PodFacts podFacts = pod == null ? null : podFacts(pod);
        boolean attached = podFacts != null && podFacts.node() != null
                && volume.getStatus().getState() == VolumeState.ATTACHED
                && podFacts.node().equals(volume.getStatus().getCurrentNodeID());
        Facts facts = new Facts(current, !workloads.isEmpty(), "faulted".equals(volume.getStatus().getRobustness()),
                podFacts, attached, pod != null && pod.getMetadata().getUid().equals(reportedFailures.get(name)),
                backoff.elapsed(now, config.backoffCap()), clusterIP != null);
        Decision decision = ShareManagerLifecycle.decide(facts);

        applyPodAction(name, sm, pod, podFacts, decision, current, now);
        String node = pod != null && decision.podAction() == Decision.PodAction.NONE ? podFacts.node() : null;
        volume = attach(volume, decision, node);

        String endpoint = decision.next() == ShareManagerState.RUNNING ? Longhorn.nfsEndpoint(clusterIP, name) : null;
        shareManagers.setStatus(sm, decision.next(), node, endpoint);
        volumes.setShareStatus(volume, decision.next().value(), endpoint);
        metrics.state(name, decision.next());
        if (decision.next() != current) {
            transitioned(name, current, decision, node, endpoint, now);
        }
        if (decision.next() == ShareManagerState.ERROR) {
            requeueAt(name, backoffs.getOrDefault(name, RecreationBackoff.NONE).nextAttempt(config.backoffCap()));
        }
    }

    private void applyPodAction(String name, ShareManager sm, Pod pod, Facts.PodFacts podFacts, Decision decision,
            ShareManagerState current, Instant now) {
        switch (decision.podAction()) {
            case CREATE -> {
                boolean recreation = current == ShareManagerState.ERROR;
                pods.create(ShareManagerObjects.generatePod(sm, podSettings, recreation ? failedNodes.get(name) : null));
                LOG.infof("volume %s: share-manager pod created%s", name, recreation
                        ? " (recreated, avoiding node " + failedNodes.get(name) + ")" : "");
                if (recreation) {
                    metrics.recreated();
                }
            }
            case DELETE, FORCE_DELETE -> {
                boolean force = decision.podAction() == Decision.PodAction.FORCE_DELETE;
                pods.delete(name, pod.getMetadata().getUid(), force ? 0 : GRACE_SECONDS);
                LOG.infof("volume %s: share-manager pod %s deleted (%s%s)", name, pod.getMetadata().getUid(),
                        decision.reason(), force ? ", grace 0: node lost" : "");
                if (decision.isFailure()) {
                    backoffs.merge(name, RecreationBackoff.NONE.failed(now), (old, n) -> old.failed(now));
                    if (podFacts.node() != null) {
                        failedNodes.put(name, podFacts.node());
                    }
                    reportedFailures.remove(name);
                }
            }
            case NONE -> {
                if (decision.isFailure() && current != ShareManagerState.ERROR && pod == null) {
                    backoffs.merge(name, RecreationBackoff.NONE.failed(now), (old, n) -> old.failed(now));
                }
            }
        }
    }

    /** Asks the storage layer for the attachment the share-manager needs (spec.nodeID), or for a detach. */
    private Volume attach(Volume volume, Decision decision, String podNode) {
        if (decision.next() == ShareManagerState.STOPPED) {
            return volumes.setNodeID(volume, null);
        }
        if (podNode != null && (decision.next() == ShareManagerState.STARTING
                || decision.next() == ShareManagerState.RUNNING)) {
            return volumes.setNodeID(volume, podNode);
        }
        return volume;
    }

    private void transitioned(String name, ShareManagerState from, Decision decision, String node, String endpoint,
            Instant now) {
        ShareManagerState to = decision.next();
        LOG.infof("volume %s: share-manager %s -> %s (%s)", name, from == null ? "none" : from.value(), to.value(),
                decision.reason());
        metrics.transition(from, to);
        if (to == ShareManagerState.STARTING) {
            startingSince.putIfAbsent(name, now);
        }
        if (to == ShareManagerState.RUNNING) {
            Instant since = startingSince.remove(name);
            if (since != null) {
                metrics.started(Duration.between(since, now));
            }
            backoffs.remove(name);
        }
        sink.publish(CloudEvent.of(EventIds.random(), config.source(), now, new ShareManagerStateChanged(name,
                from == null ? null : io.rwx.events.common.ShareManagerState.valueOf(from.name()),
                io.rwx.events.common.ShareManagerState.valueOf(to.name()), node, endpoint, decision.reason())));
    }

    /** Volume deleted or no longer RWX: the ShareManager, its pod and its Service go. */
    private void removeShare(String name, String why) {
        boolean had = shareManagers.get(name).isPresent();
        pods.shareManagerPod(name).ifPresent(p -> pods.delete(name, p.getMetadata().getUid(), GRACE_SECONDS));
        services.reconcile(Longhorn.shareManagerServiceName(name), null);
        shareManagers.delete(name);
        if (had) {
            LOG.infof("volume %s: share removed (%s)", name, why);
        }
        metrics.state(name, null);
        backoffs.remove(name);
        failedNodes.remove(name);
    }

    private Volume followClaimAccessMode(Volume volume, Optional<PersistentVolumeClaim> claim) {
        if (claim.isEmpty()) {
            return volume;
        }
        PersistentVolumeClaim pvc = claim.get();
        String claimName = pvc.getMetadata().getNamespace() + "/" + pvc.getMetadata().getName();
        Optional<AccessModeRules.Verdict> verdict = AccessModeRules.upgradeForClaim(volume.getMetadata().getName(),
                volume.getSpec().getAccessMode(), volume.getStatus().getState(), pvc.getSpec().getAccessModes(),
                claimName);
        if (verdict.isEmpty()) {
            return volume;
        }
        if (!verdict.get().allowed()) {
            if (refusalsLogged.add(volume.getMetadata().getName() + "\u0000" + verdict.get().message())) {
                LOG.warnf("volume %s: %s", volume.getMetadata().getName(), verdict.get().message());
            }
            kubeEvents.warning(pvc, "AccessModeChangeRefused", verdict.get().message(), volume.getMetadata().getName());
            return volume;
        }
        LOG.infof("volume %s: access mode %s -> rwx, following PVC %s", volume.getMetadata().getName(),
                volume.getSpec().getAccessMode().value(), claimName);
        return volumes.setAccessMode(volume, AccessMode.RWX);
    }

    private Facts.PodFacts podFacts(Pod pod) {
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        Optional<Node> n = nodes.get(node);
        boolean ready = pod.getStatus() != null && pod.getStatus().getConditions() != null && pod.getStatus()
                .getConditions().stream().anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        boolean terminated = pod.getStatus() != null && pod.getStatus().getContainerStatuses() != null
                && pod.getStatus().getContainerStatuses().stream()
                        .filter(c -> Longhorn.SHARE_MANAGER_CONTAINER.equals(c.getName()))
                        .anyMatch(c -> c.getState() != null && c.getState().getTerminated() != null);
        return new Facts.PodFacts(pod.getMetadata().getUid(), node,
                pod.getStatus() == null ? null : pod.getStatus().getPhase(), ready,
                pod.getMetadata().getDeletionTimestamp() != null, terminated, n.isPresent(),
                n.map(NodeGateway::isReady).orElse(false));
    }

    private void requeueAt(String volume, Instant when) {
        if (scheduler == null || scheduler.isShutdown()) {
            return;
        }
        long delay = Math.max(50, Duration.between(clock.instant(), when).toMillis() + 20);
        scheduler.schedule(() -> reconcileQuietly(volume), delay, TimeUnit.MILLISECONDS);
    }
}
