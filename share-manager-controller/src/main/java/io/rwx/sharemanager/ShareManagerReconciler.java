package io.rwx.sharemanager;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.micrometer.core.instrument.Timer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.rwx.crds.AccessMode;
import io.rwx.crds.Longhorn;
import io.rwx.crds.ShareManager;
import io.rwx.crds.ShareManagerState;
import io.rwx.crds.Volume;
import io.rwx.crds.VolumeState;
import io.rwx.kit.kubernetes.Annotations;
import io.rwx.kit.kubernetes.ApiErrors;
import io.rwx.kit.kubernetes.Change;
import io.rwx.kit.kubernetes.ClusterCache;
import io.rwx.kit.lanes.RetryPolicy;
import io.rwx.kit.lanes.VolumeLanes;
import io.rwx.kit.model.EpisodeRecord;
import io.rwx.kit.model.Nodes;
import io.rwx.kit.model.Pods;
import io.rwx.kit.model.ShareManagerFailure;
import io.rwx.kit.model.ShareManagerPods;
import io.rwx.sharemanager.config.ShareManagerConfig;
import io.rwx.sharemanager.kubernetes.PodGateway;
import io.rwx.sharemanager.kubernetes.ServiceGateway;
import io.rwx.sharemanager.kubernetes.ShareManagerGateway;
import io.rwx.sharemanager.kubernetes.VolumeGateway;
import io.rwx.sharemanager.metrics.ShareManagerMetrics;
import io.rwx.sharemanager.model.Decision;
import io.rwx.sharemanager.model.Facts;
import io.rwx.sharemanager.model.PodSettings;
import io.rwx.sharemanager.model.ShareManagerLifecycle;
import io.rwx.sharemanager.model.ShareManagerObjects;
import io.rwx.sharemanager.model.ShareWrites;
import io.rwx.sharemanager.model.Usage;
import io.rwx.sharemanager.model.VolumeMemory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reconciles one volume's share, level-based, in the volume's lane: load (informer cache) → decide
 * ({@link ShareManagerLifecycle}) → apply (failure record, pod, Service) → write status once → publish the
 * transition. Events, the periodic pass and the volume API only say which volume to look at.
 */
@ApplicationScoped
public class ShareManagerReconciler {

    private static final Logger LOG = Logger.getLogger(ShareManagerReconciler.class);
    private static final long GRACE_SECONDS = 30;

    private final ShareManagerConfig config;
    private final ClusterCache cache;
    private final VolumeGateway volumes;
    private final ShareManagerGateway shareManagers;
    private final ServiceGateway services;
    private final PodGateway pods;
    private final VolumeAccessModes accessModes;
    private final Transitions transitions;
    private final ShareManagerMetrics metrics;
    private final PodSettings podSettings;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, VolumeMemory> memory = new ConcurrentHashMap<>();
    private final RetryPolicy retries;
    private VolumeLanes lanes;
    private ScheduledExecutorService ticker;

    public ShareManagerReconciler(ShareManagerConfig config, ClusterCache cache, VolumeGateway volumes,
            ShareManagerGateway shareManagers, ServiceGateway services, PodGateway pods, VolumeAccessModes accessModes,
            Transitions transitions, ShareManagerMetrics metrics) {
        this.config = config;
        this.cache = cache;
        this.volumes = volumes;
        this.shareManagers = shareManagers;
        this.services = services;
        this.pods = pods;
        this.accessModes = accessModes;
        this.transitions = transitions;
        this.metrics = metrics;
        this.podSettings = config.podSettings();
        this.retries = new RetryPolicy(config.maxAttempts(), Duration.ofMillis(100), Duration.ofSeconds(5),
                ApiErrors::retriable);
    }

    void onStart(@Observes StartupEvent startup) {
        cache.start(this::onChange);
        lanes = new VolumeLanes("share-manager", config.lanes(), cache::blockUntilSynced);
        ticker = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "share-manager-resync"));
        // start-up does not wait for the API server: the first full pass runs once the cache has synced
        ticker.execute(cache::blockUntilSynced);
        ticker.scheduleWithFixedDelay(this::reconcileAll, 0, config.resyncInterval().toMillis(), TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent shutdown) {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        if (lanes != null) {
            lanes.close();
        }
    }

    /** A share-manager pod is gone from the cache: its replacement is created now, not at the next trigger. */
    private void onChange(Change change) {
        var meta = change.current().getMetadata();
        if (change.deleted() && change.kind() == ClusterCache.Kind.POD && lanes != null && meta.getLabels() != null
                && config.systemNamespace().equals(meta.getNamespace())
                && meta.getLabels().containsKey(Longhorn.SHARE_MANAGER_LABEL)) {
            request(meta.getLabels().get(Longhorn.SHARE_MANAGER_LABEL));
        }
    }

    /** Every volume, and every ShareManager left without one: at start-up and every resync interval. */
    public void reconcileAll() {
        try {
            TreeSet<String> names = new TreeSet<>();
            cache.volumes().forEach(v -> names.add(v.getMetadata().getName()));
            cache.shareManagers().forEach(s -> names.add(s.getMetadata().getName()));
            names.forEach(v -> request(v).exceptionally(e -> {
                LOG.warnf("volume %s: reconcile failed: %s", v, e.getMessage());
                return null;
            }));
        } catch (RuntimeException e) {
            LOG.warnf(e, "full reconcile failed; next in %s", config.resyncInterval());
        }
    }

    /** Reconciles the volume in its lane (coalesced, retried on conflicts and transient API errors). */
    public CompletableFuture<Void> request(String volume) {
        return lanes.reconcile(volume, retries, () -> reconcileNow(volume));
    }

    /** Runs {@code task} in the volume's lane (the volume API's writes), with the same retries. */
    public <T> CompletableFuture<T> inLane(String volume, java.util.concurrent.Callable<T> task) {
        return lanes.submit(volume, retries, task);
    }

    private void reconcileNow(String name) {
        Timer.Sample sample = metrics.startReconcile();
        try {
            pass(name);
            metrics.reconciled(sample, true);
        } catch (RuntimeException e) {
            metrics.reconciled(sample, false);
            throw e;
        }
    }

    private void pass(String name) {
        String ns = config.systemNamespace();
        Volume volume = cache.volume(name).orElse(null);
        if (volume != null) {
            volume = accessModes.followClaim(volume);
        }
        if ((volume == null || volume.getSpec().getAccessMode() != AccessMode.RWX) && hasShare(name)) {
            // removal is destructive: confirm against the API server (the cache may not have seen the volume yet)
            volume = volumes.fresh(ns, name).map(accessModes::followClaim).orElse(null);
        }
        if (volume == null || volume.getSpec().getAccessMode() != AccessMode.RWX) {
            removeShare(name, volume == null ? "volume deleted" : "volume is not rwx");
            return;
        }
        Instant now = clock.instant();
        VolumeMemory mem = memory.getOrDefault(name, VolumeMemory.EMPTY);
        if (!cache.workloadsOf(name).isEmpty()) {
            mem = mem.withLastUsedAt(now);
        }
        EpisodeRecord episode = Annotations.episode(volume).orElse(null);
        boolean inUse = Usage.inUse(cache.workloadsOf(name).size(), episode, mem.lastUsedAt(), now,
                config.stopDelay(), config.restartGrace());
        ShareManager sm = cache.shareManager(name).orElse(null);
        if (sm == null && !inUse) {
            memory.put(name, mem);
            return; // never used: nothing to share yet
        }
        if (sm == null) {
            LOG.infof("volume %s: in use, creating its ShareManager", name);
            sm = shareManagers.reconcile(ns, name, ShareManagerObjects.generateShareManager(volume, config.image())).object();
        }
        Service service = services.reconcile(ns, Longhorn.shareManagerServiceName(name),
                ShareManagerObjects.generateService(sm)).object();
        Pod pod = cache.shareManagerPod(name).orElse(null);
        Facts.PodFacts podFacts = pod == null ? null : podFacts(pod);
        Facts facts = new Facts(state(sm), inUse, "faulted".equals(volume.getStatus().getRobustness()), podFacts,
                podFacts != null && attachedTo(volume, podFacts.node()),
                podFacts != null && episode != null && episode.open() && podFacts.uid().equals(episode.uid()),
                mem.backoff().elapsed(now, config.backoffCap()), ShareManagerObjects.clusterIP(service) != null);
        Decision decision = ShareManagerLifecycle.decide(facts);

        if (pod != null) {
            mem = mem.withLastPod(new VolumeMemory.PodSeen(pod.getMetadata().getUid(), pod.getMetadata().getName(),
                    Pods.node(pod)));
        }
        ShareManagerFailure failure = mem.failureToRecord(decision, Annotations.lastFailure(sm).orElse(null), now);
        if (failure != null) {
            // durable before the pod goes: failover-service finds the failure even if every report of it is lost
            sm = shareManagers.reconcile(ns, name, ShareManagerObjects.withFailure(sm, Annotations.write(failure))).object();
        }
        mem = applyPod(name, sm, pod, decision, mem, now);
        ShareWrites writes = ShareWrites.of(name, decision, podFacts == null ? null : podFacts.node(), ShareManagerObjects.clusterIP(service));
        shareManagers.reconcile(ns, name, ShareManagerObjects.withStatus(sm, writes));
        volumes.reconcile(ns, name, VolumeGateway.Fields.share(writes.nodeID(), writes.state().value(), writes.endpoint()));
        metrics.state(name, decision.next());
        if (decision.next() != facts.current()) {
            mem = transitions.record(name, facts.current(), decision, writes, mem, now);
        }
        memory.put(name, mem);
        if (decision.next() == ShareManagerState.ERROR) {
            Instant due = mem.backoff().nextAttempt(config.backoffCap());
            lanes.schedule(name, Duration.ofMillis(Math.max(50, Duration.between(now, due).toMillis() + 20)),
                    () -> reconcileNow(name));
        }
    }

    private Facts.PodFacts podFacts(Pod pod) {
        String node = Pods.node(pod);
        var nodeObject = cache.node(node).orElse(null);
        ShareManagerPods.Verdict verdict = ShareManagerPods.classify(pod, nodeObject);
        return new Facts.PodFacts(pod.getMetadata().getUid(), node, verdict,
                node != null && Nodes.readiness(nodeObject).down(), Pods.terminating(pod));
    }

    private VolumeMemory applyPod(String name, ShareManager sm, Pod pod, Decision decision, VolumeMemory mem,
            Instant now) {
        String ns = config.systemNamespace();
        String podName = Longhorn.shareManagerPodName(name);
        switch (decision.podAction()) {
            case CREATE -> {
                boolean recreation = "recreated".equals(decision.reason());
                pods.reconcile(ns, podName, new PodGateway.Present(ShareManagerObjects.generatePod(sm, podSettings,
                        recreation ? mem.failedNode() : null)));
                LOG.infof("volume %s: share-manager pod created%s", name, recreation && mem.failedNode() != null
                        ? " (recreated, avoiding node " + mem.failedNode() + ")" : "");
                if (recreation) {
                    metrics.recreated();
                }
            }
            case REPLACE, STOP -> {
                long grace = decision.force() ? 0 : GRACE_SECONDS;
                boolean stop = decision.podAction() == Decision.PodAction.STOP;
                if (pods.reconcile(ns, podName, new PodGateway.Absent(pod.getMetadata().getUid(), grace,
                        stop ? decision.reason() : null)).changed()) { // not when gone or terminating already
                    LOG.infof("volume %s: share-manager pod %s deleted (%s%s)", name, pod.getMetadata().getUid(),
                            decision.reason(), decision.force() ? ", grace 0: its node is down" : "");
                }
            }
            case NONE -> {
            }
        }
        if (decision.isFailure() && decision.failure() != null) {
            // the failed pod: the one seen now, or (already deleted) the last one seen
            String failedUid = pod != null ? pod.getMetadata().getUid()
                    : mem.lastPod() == null ? null : mem.lastPod().uid();
            mem = mem.withBackoff(mem.backoff().failed(now, failedUid)).withFailedNode(pod == null ? null : Pods.node(pod));
        }
        return mem;
    }

    private boolean hasShare(String name) {
        return cache.shareManager(name).isPresent() || cache.shareManagerPod(name).isPresent()
                || cache.service(Longhorn.shareManagerServiceName(name)).isPresent();
    }

    /** Volume deleted or no longer RWX: the ShareManager, its pod and its Service go. */
    private void removeShare(String name, String why) {
        String ns = config.systemNamespace();
        cache.shareManagerPod(name).ifPresent(p -> pods.reconcile(ns, p.getMetadata().getName(),
                new PodGateway.Absent(p.getMetadata().getUid(), GRACE_SECONDS, why)));
        services.reconcile(ns, Longhorn.shareManagerServiceName(name), null);
        if (shareManagers.reconcile(ns, name, null).changed()) {
            LOG.infof("volume %s: share removed (%s)", name, why);
        }
        metrics.state(name, null);
        memory.remove(name);
    }

    private static ShareManagerState state(ShareManager sm) {
        return sm == null || sm.getStatus() == null ? null : sm.getStatus().getState();
    }

    private static boolean attachedTo(Volume volume, String node) {
        return node != null && volume.getStatus().getState() == VolumeState.ATTACHED
                && node.equals(volume.getStatus().getCurrentNodeID());
    }

}
