package io.rwx.volumewatcher.kubernetes;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.rwx.crds.Longhorn;
import io.rwx.crds.ShareManager;
import io.rwx.crds.Volume;
import io.rwx.volumewatcher.model.PodFacts;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The watcher's view of the cluster: one SharedIndexInformer per kind (Volumes and ShareManagers of the system
 * namespace; PVs, PVCs, Pods, Nodes and Events of the cluster), with indexes from a claim to the pods that mount
 * it and from a volume to its PV. Every notification becomes a {@link Change} for the listener.
 */
public class ClusterInformers implements AutoCloseable {

    static final String BY_CLAIM = "claims";
    static final String BY_HANDLE = "volumeHandle";

    private final KubernetesClient client;
    private final String systemNamespace;
    private final Map<Change.Kind, SharedIndexInformer<? extends HasMetadata>> informers = new LinkedHashMap<>();
    private final List<java.util.concurrent.CompletableFuture<Void>> started = new ArrayList<>();

    public ClusterInformers(KubernetesClient client, String systemNamespace) {
        this.client = client;
        this.systemNamespace = systemNamespace;
    }

    public void start(Consumer<Change> listener) {
        SharedIndexInformer<Volume> volumes = client.resources(Volume.class).inNamespace(systemNamespace)
                .runnableInformer(0);
        SharedIndexInformer<ShareManager> shareManagers = client.resources(ShareManager.class)
                .inNamespace(systemNamespace).runnableInformer(0);
        SharedIndexInformer<PersistentVolume> pvs = client.persistentVolumes().runnableInformer(0);
        pvs.addIndexers(Map.of(BY_HANDLE, pv -> pv.getSpec() != null && pv.getSpec().getCsi() != null
                && Longhorn.CSI_DRIVER.equals(pv.getSpec().getCsi().getDriver())
                ? List.of(pv.getSpec().getCsi().getVolumeHandle()) : List.of()));
        SharedIndexInformer<PersistentVolumeClaim> pvcs = client.persistentVolumeClaims().inAnyNamespace()
                .runnableInformer(0);
        SharedIndexInformer<Pod> pods = client.pods().inAnyNamespace().runnableInformer(0);
        pods.addIndexers(Map.of(BY_CLAIM, p -> PodFacts.claims(p).stream()
                .map(c -> p.getMetadata().getNamespace() + "/" + c).toList()));
        SharedIndexInformer<Node> nodes = client.nodes().runnableInformer(0);
        SharedIndexInformer<Event> events = client.v1().events().inAnyNamespace().runnableInformer(0);

        register(Change.Kind.VOLUME, volumes, listener);
        register(Change.Kind.SHARE_MANAGER, shareManagers, listener);
        register(Change.Kind.PERSISTENT_VOLUME, pvs, listener);
        register(Change.Kind.PERSISTENT_VOLUME_CLAIM, pvcs, listener);
        register(Change.Kind.POD, pods, listener);
        register(Change.Kind.NODE, nodes, listener);
        register(Change.Kind.EVENT, events, listener);
        informers.values().forEach(i -> started.add(i.start().toCompletableFuture()));
    }

    /** Waits until every informer has listed its kind once; false if that took longer than {@code timeout}. */
    public boolean awaitSynced(java.time.Duration timeout) {
        try {
            java.util.concurrent.CompletableFuture.allOf(started.toArray(new java.util.concurrent.CompletableFuture[0]))
                    .get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private <T extends HasMetadata> void register(Change.Kind kind, SharedIndexInformer<T> informer,
            Consumer<Change> listener) {
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
        informers.put(kind, informer);
    }

    public boolean synced() {
        return !informers.isEmpty() && informers.values().stream().allMatch(SharedIndexInformer::hasSynced);
    }

    /** Objects cached per kind, for the watched-objects gauge. */
    public Map<Change.Kind, Integer> sizes() {
        Map<Change.Kind, Integer> sizes = new LinkedHashMap<>();
        informers.forEach((k, i) -> sizes.put(k, i.getStore().list().size()));
        return sizes;
    }

    @SuppressWarnings("unchecked")
    private <T extends HasMetadata> SharedIndexInformer<T> informer(Change.Kind kind) {
        return (SharedIndexInformer<T>) informers.get(kind);
    }

    public List<Volume> volumes() {
        return new ArrayList<>(this.<Volume>informer(Change.Kind.VOLUME).getStore().list());
    }

    public Optional<Volume> volume(String name) {
        return Optional.ofNullable(this.<Volume>informer(Change.Kind.VOLUME).getStore()
                .getByKey(systemNamespace + "/" + name));
    }

    public Optional<ShareManager> shareManager(String volume) {
        return Optional.ofNullable(this.<ShareManager>informer(Change.Kind.SHARE_MANAGER).getStore()
                .getByKey(systemNamespace + "/" + volume));
    }

    public Optional<Pod> shareManagerPod(String volume) {
        return Optional.ofNullable(this.<Pod>informer(Change.Kind.POD).getStore()
                .getByKey(systemNamespace + "/" + Longhorn.shareManagerPodName(volume)));
    }

    public Optional<PersistentVolume> persistentVolumeOf(String volume) {
        return this.<PersistentVolume>informer(Change.Kind.PERSISTENT_VOLUME).getIndexer().byIndex(BY_HANDLE, volume)
                .stream().findFirst();
    }

    public Optional<PersistentVolume> persistentVolume(String name) {
        return Optional.ofNullable(this.<PersistentVolume>informer(Change.Kind.PERSISTENT_VOLUME).getStore()
                .getByKey(name));
    }

    public Optional<PersistentVolumeClaim> claim(String namespace, String name) {
        return Optional.ofNullable(this.<PersistentVolumeClaim>informer(Change.Kind.PERSISTENT_VOLUME_CLAIM).getStore()
                .getByKey(namespace + "/" + name));
    }

    public List<Pod> podsMounting(String namespace, String claim) {
        return this.<Pod>informer(Change.Kind.POD).getIndexer().byIndex(BY_CLAIM, namespace + "/" + claim);
    }

    public Optional<Pod> pod(String namespace, String name) {
        return Optional.ofNullable(this.<Pod>informer(Change.Kind.POD).getStore().getByKey(namespace + "/" + name));
    }

    public List<Pod> shareManagerPodsOn(String node) {
        return this.<Pod>informer(Change.Kind.POD).getStore().list().stream()
                .filter(p -> systemNamespace.equals(p.getMetadata().getNamespace()))
                .filter(p -> p.getMetadata().getLabels() != null
                        && p.getMetadata().getLabels().containsKey(Longhorn.SHARE_MANAGER_LABEL))
                .filter(p -> node.equals(p.getSpec().getNodeName())).toList();
    }

    public Optional<Node> node(String name) {
        return name == null ? Optional.empty()
                : Optional.ofNullable(this.<Node>informer(Change.Kind.NODE).getStore().getByKey(name));
    }

    @Override
    public void close() {
        informers.values().forEach(SharedIndexInformer::close);
    }
}
