package io.rwx.volumewatcher;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.rwx.crds.Longhorn;
import io.rwx.crds.Volume;
import io.rwx.events.EventIds;
import io.rwx.events.EventType;
import io.rwx.events.volume.VolumeObserved;
import io.rwx.kit.kubernetes.ClusterCache;
import io.rwx.volumewatcher.model.SnapshotBuilder;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code volume.observed}: a volume's snapshot, published when its relevant content changed (or always, on a
 * resync), from what the informers hold.
 */
final class Snapshots {

    private final ClusterCache informers;
    private final Publications publications;
    private final Clock clock;
    private final Map<String, VolumeObserved> last = new ConcurrentHashMap<>();

    Snapshots(ClusterCache informers, Publications publications, Clock clock) {
        this.informers = informers;
        this.publications = publications;
        this.clock = clock;
    }

    /**
     * Publishes the volume's snapshot if it is RWX-relevant and (unless {@code always}) its relevant content
     * changed since the last one published. Returns whether it published.
     */
    boolean publish(String volume, boolean always) {
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
        if (!publications.leading() || (!always && relevant.equals(last.get(volume)))) {
            return false;
        }
        last.put(volume, relevant);
        publications.always(EventType.VOLUME_OBSERVED, clock.instant(), snapshot,
                EventIds.deterministic(EventType.VOLUME_OBSERVED, volume, snapshot.resourceVersion(),
                        Integer.toHexString(relevant.hashCode())));
        return true;
    }

    void forget(String volume) {
        last.remove(volume);
    }

    /** A new leader publishes every snapshot again. */
    void clear() {
        last.clear();
    }

    static Optional<String> volumeOf(PersistentVolume pv) {
        if (pv.getSpec() == null || pv.getSpec().getCsi() == null
                || !Longhorn.CSI_DRIVER.equals(pv.getSpec().getCsi().getDriver())) {
            return Optional.empty();
        }
        return Optional.ofNullable(pv.getSpec().getCsi().getVolumeHandle());
    }

    Optional<String> volumeOfClaim(PersistentVolumeClaim pvc) {
        String pvName = pvc.getSpec() == null ? null : pvc.getSpec().getVolumeName();
        return pvName == null ? Optional.empty() : informers.persistentVolume(pvName).flatMap(Snapshots::volumeOf);
    }
}
