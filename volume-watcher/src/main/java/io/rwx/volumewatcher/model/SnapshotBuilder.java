package io.rwx.volumewatcher.model;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.rwx.crds.ShareManager;
import io.rwx.crds.Volume;
import io.rwx.events.common.AccessMode;
import io.rwx.events.common.ControllerOwner;
import io.rwx.events.common.ShareManagerState;
import io.rwx.events.volume.BoundClaim;
import io.rwx.events.volume.ShareManagerSnapshot;
import io.rwx.events.volume.VolumeObserved;
import io.rwx.events.volume.WorkloadPod;
import io.rwx.kit.model.Pods;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** Builds the {@code volume.observed} snapshot of a volume from what the informers hold. Pure. */
public final class SnapshotBuilder {

    private SnapshotBuilder() {
    }

    /** Is the volume RWX-relevant: rwx, or bound to a PVC that asks for ReadWriteMany (an upgrade is pending)? */
    public static boolean relevant(Volume volume, PersistentVolumeClaim claim) {
        return volume.getSpec().getAccessMode() == io.rwx.crds.AccessMode.RWX
                || (claim != null && claim.getSpec().getAccessModes() != null
                && claim.getSpec().getAccessModes().contains("ReadWriteMany"));
    }

    public static VolumeObserved build(Volume v, PersistentVolume pv, PersistentVolumeClaim pvc, List<Pod> workloads,
            ShareManager sm, Pod smPod) {
        var status = v.getStatus();
        BoundClaim claim = pv == null || pv.getSpec().getClaimRef() == null ? null : new BoundClaim(
                pv.getMetadata().getName(), pv.getSpec().getClaimRef().getNamespace(),
                pv.getSpec().getClaimRef().getName(), pvc == null ? List.of() : pvc.getSpec().getAccessModes());
        String claimName = claim == null ? null : claim.name();
        List<WorkloadPod> pods = workloads.stream()
                .sorted(Comparator.comparing((Pod p) -> p.getMetadata().getNamespace())
                        .thenComparing(p -> p.getMetadata().getName()))
                .map(p -> workload(p, claimName)).toList();
        ShareManagerSnapshot share = sm == null && smPod == null ? null : new ShareManagerSnapshot(
                sm == null || sm.getStatus() == null || sm.getStatus().getState() == null ? null
                        : ShareManagerState.valueOf(sm.getStatus().getState().name()),
                sm == null || sm.getStatus() == null ? null : sm.getStatus().getOwnerID(),
                sm == null || sm.getStatus() == null ? null : sm.getStatus().getEndpoint(),
                smPod == null ? null : smPod.getMetadata().getName(),
                smPod == null ? null : smPod.getMetadata().getUid(),
                smPod == null ? null : smPod.getSpec().getNodeName(),
                smPod == null ? null : Pods.phase(smPod),
                smPod != null && Pods.ready(smPod));
        return new VolumeObserved(v.getMetadata().getName(), v.getMetadata().getUid(),
                v.getSpec().getAccessMode() == null ? AccessMode.RWO : AccessMode.valueOf(v.getSpec().getAccessMode().name()),
                status == null || status.getState() == null ? null : status.getState().value(),
                status == null ? null : status.getRobustness(), v.getSpec().getNodeID(),
                status == null ? null : status.getCurrentNodeID(), status == null ? null : status.getShareState(),
                status == null ? null : status.getShareEndpoint(),
                status == null || status.getRemountRequestedAt() == null ? null
                        : Pods.parse(status.getRemountRequestedAt()),
                claim, pods, share, v.getMetadata().getResourceVersion());
    }

    /** The snapshot without what changes on every write (resourceVersion): equal means nothing relevant changed. */
    public static VolumeObserved relevantPart(VolumeObserved s) {
        return new VolumeObserved(s.volume(), s.uid(), s.accessMode(), s.state(), s.robustness(), s.nodeID(),
                s.currentNodeID(), s.shareState(), s.shareEndpoint(), s.remountRequestedAt(), s.claim(), s.workloads(),
                s.shareManager(), "-");
    }

    static WorkloadPod workload(Pod p, String claim) {
        OwnerReference c = p.getMetadata().getOwnerReferences() == null ? null : p.getMetadata().getOwnerReferences()
                .stream().filter(o -> Boolean.TRUE.equals(o.getController())).findFirst().orElse(null);
        Instant start = p.getStatus() == null || p.getStatus().getStartTime() == null ? null
                : Pods.parse(p.getStatus().getStartTime());
        return new WorkloadPod(p.getMetadata().getNamespace(), p.getMetadata().getName(), p.getMetadata().getUid(),
                p.getSpec().getNodeName(), start, Pods.phase(p), Pods.ready(p),
                p.getMetadata().getDeletionTimestamp() != null, PodFacts.mountsReadOnly(p, claim),
                c == null ? null : new ControllerOwner(Pods.group(c.getApiVersion()), c.getKind(), c.getName()));
    }
}
