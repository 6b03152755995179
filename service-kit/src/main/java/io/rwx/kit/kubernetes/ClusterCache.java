package io.rwx.kit.kubernetes;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.rwx.crds.Longhorn;
import io.rwx.crds.Setting;
import io.rwx.crds.ShareManager;
import io.rwx.crds.Volume;
import io.rwx.kit.model.Pods;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A service's read view of the cluster: one shared informer per kind it needs (Volumes, ShareManagers, Settings,
 * Services and share-manager pods of the system namespace; Pods, PVCs, PVs, Nodes and Events of the cluster), with
 * indexes from a claim to the pods that mount it, from a volume to its PV and from a node to the share-managers on
 * it. Reads answer from memory; the informers keep it current through watches.
 * <p>
 * <b>Freshness rule.</b> The cache may trail the API server by the time a watch event takes to arrive. It decides
 * whether to act; an action that deletes or overwrites something re-reads the one object it acts on from the API
 * (or writes with a resourceVersion precondition), so a stale cache can cost a retry, never a wrong write.
 */
public final class ClusterCache implements AutoCloseable {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(ClusterCache.class);

    /** The kinds a cache can hold. */
    public enum Kind { VOLUME, SHARE_MANAGER, SETTING, SERVICE, PERSISTENT_VOLUME, PERSISTENT_VOLUME_CLAIM, POD, NODE, EVENT }

    /** Kinds every reconciling service reads. */
    public static final Set<Kind> VOLUME_KINDS = EnumSet.of(Kind.VOLUME, Kind.SHARE_MANAGER, Kind.PERSISTENT_VOLUME,
            Kind.PERSISTENT_VOLUME_CLAIM, Kind.POD, Kind.NODE);

    static final String BY_CLAIM = "claim";
    static final String BY_HANDLE = "volumeHandle";
    static final String BY_SHARE_MANAGER_NODE = "shareManagerNode";

    private final KubernetesClient client;
    private final String systemNamespace;
    private final Set<Kind> kinds;
    private final Map<Kind, SharedIndexInformer<? extends HasMetadata>> informers = new EnumMap<>(Kind.class);
    private final List<CompletableFuture<Void>> started = new ArrayList<>();

    public ClusterCache(KubernetesClient client, String systemNamespace, Set<Kind> kinds) {
        this.client = client;
        this.systemNamespace = systemNamespace;
        this.kinds = EnumSet.copyOf(kinds);
    }

    /** A cache of {@link #VOLUME_KINDS} and {@code more}. */
    public static ClusterCache ofVolumeKinds(KubernetesClient client, String systemNamespace, Kind... more) {
        EnumSet<Kind> kinds = EnumSet.copyOf(VOLUME_KINDS);
        kinds.addAll(java.util.Arrays.asList(more));
        return new ClusterCache(client, systemNamespace, kinds);
    }

    public String systemNamespace() {
        return systemNamespace;
    }

    /** Starts the informers; {@code listener} (may be null) gets every notification, on the informers' thread. */
    public synchronized void start(Consumer<Change> listener) {
        if (!informers.isEmpty()) {
            return;
        }
        for (Kind kind : kinds) {
            SharedIndexInformer<? extends HasMetadata> informer = Informers.retrying(create(kind), kind.name());
            register(kind, informer, listener);
        }
        informers.values().forEach(i -> started.add(i.start().toCompletableFuture()));
    }

    private SharedIndexInformer<? extends HasMetadata> create(Kind kind) {
        return switch (kind) {
            case VOLUME -> client.resources(Volume.class).inNamespace(systemNamespace).runnableInformer(0);
            case SHARE_MANAGER -> client.resources(ShareManager.class).inNamespace(systemNamespace).runnableInformer(0);
            case SETTING -> client.resources(Setting.class).inNamespace(systemNamespace).runnableInformer(0);
            case SERVICE -> client.services().inNamespace(systemNamespace).runnableInformer(0);
            case PERSISTENT_VOLUME -> {
                SharedIndexInformer<PersistentVolume> i = client.persistentVolumes().runnableInformer(0);
                i.addIndexers(Map.of(BY_HANDLE, pv -> pv.getSpec() != null && pv.getSpec().getCsi() != null
                        && Longhorn.CSI_DRIVER.equals(pv.getSpec().getCsi().getDriver())
                        && pv.getSpec().getCsi().getVolumeHandle() != null
                        ? List.of(pv.getSpec().getCsi().getVolumeHandle()) : List.of()));
                yield i;
            }
            case PERSISTENT_VOLUME_CLAIM -> client.persistentVolumeClaims().inAnyNamespace().runnableInformer(0);
            case POD -> {
                SharedIndexInformer<Pod> i = client.pods().inAnyNamespace().runnableInformer(0);
                i.addIndexers(Map.of(
                        BY_CLAIM, p -> Pods.claims(p).stream().map(c -> p.getMetadata().getNamespace() + "/" + c).toList(),
                        BY_SHARE_MANAGER_NODE, p -> isShareManagerPod(p) && Pods.node(p) != null
                                ? List.of(Pods.node(p)) : List.of()));
                yield i;
            }
            case NODE -> client.nodes().runnableInformer(0);
            case EVENT -> client.v1().events().inAnyNamespace().runnableInformer(0);
        };
    }

    private boolean isShareManagerPod(Pod p) {
        return systemNamespace.equals(p.getMetadata().getNamespace()) && p.getMetadata().getLabels() != null
                && p.getMetadata().getLabels().containsKey(Longhorn.SHARE_MANAGER_LABEL);
    }

    @SuppressWarnings("unchecked")
    private <T extends HasMetadata> void register(Kind kind, SharedIndexInformer<T> informer, Consumer<Change> listener) {
        if (listener != null) {
            informer.addEventHandler(new ResourceEventHandler<T>() {
                @Override
                public void onAdd(T obj) {
                    listener.accept(new Change(kind, null, obj, false));
                }

                @Override
                public void onUpdate(T oldObj, T newObj) {
                    listener.accept(new Change(kind, oldObj, newObj, false));
                }

                @Override
                public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                    listener.accept(new Change(kind, obj, null, true));
                }
            });
        }
        informers.put(kind, informer);
    }

    /** Waits until every informer has listed its kind once; false if that took longer than {@code timeout}. */
    public boolean awaitSynced(Duration timeout) {
        try {
            CompletableFuture.allOf(started.toArray(new CompletableFuture[0])).get(timeout.toMillis(),
                    TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Blocks until every informer has listed its kind once, logging every 30 s while the API server does not answer:
     * the gate of the services' lanes, so nothing is decided from a cache that has not seen the cluster yet.
     */
    public void blockUntilSynced() {
        while (!awaitSynced(Duration.ofSeconds(30))) {
            if (Thread.currentThread().isInterrupted()) {
                throw new IllegalStateException("interrupted while waiting for the informer cache to sync");
            }
            LOG.warn("informer cache not synced yet (is the API server reachable?): work waits for it");
        }
    }

    public boolean synced() {
        return !informers.isEmpty() && informers.values().stream().allMatch(SharedIndexInformer::hasSynced);
    }

    /** Objects cached per kind, for a gauge. */
    public Map<Kind, Integer> sizes() {
        Map<Kind, Integer> sizes = new EnumMap<>(Kind.class);
        informers.forEach((k, i) -> sizes.put(k, i.getStore().list().size()));
        return sizes;
    }

    @SuppressWarnings("unchecked")
    private <T extends HasMetadata> SharedIndexInformer<T> informer(Kind kind) {
        SharedIndexInformer<T> i = (SharedIndexInformer<T>) informers.get(kind);
        if (i == null) {
            throw new IllegalStateException("this cache does not hold " + kind + " (started: " + informers.keySet() + ")");
        }
        return i;
    }

    private <T extends HasMetadata> Optional<T> byKey(Kind kind, String key) {
        return Optional.ofNullable(this.<T>informer(kind).getStore().getByKey(key));
    }

    public List<Volume> volumes() {
        return this.<Volume>informer(Kind.VOLUME).getStore().list();
    }

    public Optional<Volume> volume(String name) {
        return byKey(Kind.VOLUME, systemNamespace + "/" + name);
    }

    public List<ShareManager> shareManagers() {
        return this.<ShareManager>informer(Kind.SHARE_MANAGER).getStore().list();
    }

    public Optional<ShareManager> shareManager(String volume) {
        return byKey(Kind.SHARE_MANAGER, systemNamespace + "/" + volume);
    }

    public Optional<Setting> setting(String key) {
        return byKey(Kind.SETTING, systemNamespace + "/" + key);
    }

    public Optional<Service> service(String name) {
        return byKey(Kind.SERVICE, systemNamespace + "/" + name);
    }

    public Optional<Pod> shareManagerPod(String volume) {
        return pod(systemNamespace, Longhorn.shareManagerPodName(volume));
    }

    public List<Pod> shareManagerPodsOn(String node) {
        return this.<Pod>informer(Kind.POD).getIndexer().byIndex(BY_SHARE_MANAGER_NODE, node);
    }

    public Optional<Pod> pod(String namespace, String name) {
        return byKey(Kind.POD, namespace + "/" + name);
    }

    /** Pods of {@code namespace} that mount {@code claim}, whatever their phase. */
    public List<Pod> podsMounting(String namespace, String claim) {
        return this.<Pod>informer(Kind.POD).getIndexer().byIndex(BY_CLAIM, namespace + "/" + claim);
    }

    /** The PV of the volume: {@code spec.csi.driver == driver.longhorn.io}, {@code volumeHandle == volume}. */
    public Optional<PersistentVolume> persistentVolumeOf(String volume) {
        return this.<PersistentVolume>informer(Kind.PERSISTENT_VOLUME).getIndexer().byIndex(BY_HANDLE, volume).stream()
                .findFirst();
    }

    public Optional<PersistentVolume> persistentVolume(String name) {
        return byKey(Kind.PERSISTENT_VOLUME, name);
    }

    public Optional<PersistentVolumeClaim> claim(String namespace, String name) {
        return byKey(Kind.PERSISTENT_VOLUME_CLAIM, namespace + "/" + name);
    }

    /** The PVC bound to the volume: PV (by handle) → claimRef → PVC. */
    public Optional<PersistentVolumeClaim> claimOf(String volume) {
        return persistentVolumeOf(volume).map(pv -> pv.getSpec().getClaimRef())
                .flatMap(ref -> claim(ref.getNamespace(), ref.getName()));
    }

    /** The pods that use the volume (mount its bound PVC, not finished, not being deleted). */
    public List<Pod> workloadsOf(String volume) {
        return persistentVolumeOf(volume).map(pv -> pv.getSpec().getClaimRef()).map(ref ->
                podsMounting(ref.getNamespace(), ref.getName()).stream()
                        .filter(p -> Pods.usesClaim(p, ref.getName())).toList()).orElse(List.of());
    }

    /** Every pod that mounts the volume's bound PVC, whatever its state. */
    public List<Pod> podsMountingVolume(String volume) {
        return persistentVolumeOf(volume).map(pv -> pv.getSpec().getClaimRef())
                .map(ref -> podsMounting(ref.getNamespace(), ref.getName())).orElse(List.of());
    }

    public Optional<Node> node(String name) {
        return name == null ? Optional.empty() : byKey(Kind.NODE, name);
    }

    public List<Event> events() {
        return this.<Event>informer(Kind.EVENT).getStore().list();
    }

    @Override
    public synchronized void close() {
        informers.values().forEach(SharedIndexInformer::close);
        informers.clear();
        started.clear();
    }
}
