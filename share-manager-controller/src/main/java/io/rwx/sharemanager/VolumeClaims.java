package io.rwx.sharemanager;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.rwx.crds.AccessMode;
import io.rwx.crds.Volume;
import io.rwx.kit.kubernetes.ApiErrors;
import io.rwx.kit.kubernetes.ClusterCache;
import io.rwx.kit.kubernetes.ReconcileResult;
import io.rwx.sharemanager.config.ShareManagerConfig;
import io.rwx.sharemanager.kubernetes.ClaimGateway;
import io.rwx.sharemanager.kubernetes.VolumeGateway;
import io.rwx.sharemanager.model.VolumeClaimObjects;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * The volume API's creations: a manually created volume, and a PV and PVC for it that take its access mode.
 * Callers run these in the volume's lane, so concurrent requests for one volume cannot both create.
 */
@ApplicationScoped
public class VolumeClaims {

    /** The outcome of a PV/PVC request. */
    public sealed interface ClaimResult permits Created, Refused {
    }

    public record Created(String pv, String pvc, String accessMode) implements ClaimResult {
    }

    /** @param field the request field at fault, or null */
    public record Refused(int status, String reason, String field, String message) implements ClaimResult {
    }

    private final ShareManagerConfig config;
    private final ClusterCache cache;
    private final VolumeGateway volumes;
    private final ClaimGateway claims;

    public VolumeClaims(ShareManagerConfig config, ClusterCache cache, VolumeGateway volumes, ClaimGateway claims) {
        this.config = config;
        this.cache = cache;
        this.volumes = volumes;
        this.claims = claims;
    }

    /** Creates a detached volume; empty if one of the name exists. */
    public Optional<Volume> createVolume(String name, AccessMode mode, long bytes) {
        if (cache.volume(name).isPresent()) {
            return Optional.empty();
        }
        Volume v = new Volume();
        v.getMetadata().setName(name);
        v.getMetadata().setNamespace(config.systemNamespace());
        v.getSpec().setAccessMode(mode);
        v.getSpec().setSize(Long.toString(bytes));
        v.getSpec().setNumberOfReplicas(3);
        try {
            return Optional.of(volumes.create(v));
        } catch (RuntimeException e) {
            if (ApiErrors.conflict(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Creates the PV and the PVC, or says why not (nothing is left behind when it cannot). */
    public ClaimResult createClaim(String volumeName, String namespace, String pvcName, String pvName, String storageClass) {
        // the PV and PVC take the volume's access mode as the API server has it: the cache may not show yet a change
        // the caller made a moment ago (PUT .../accessMode, then this), and what is created from it is not re-read
        Volume volume = volumes.fresh(config.systemNamespace(), volumeName).orElse(null);
        if (volume == null) {
            return new Refused(404, "not-found", "name", "no volume " + volumeName);
        }
        if (cache.persistentVolumeOf(volumeName).isPresent()) {
            return new Refused(409, "has-pv", "name", "volume " + volumeName + " already has a PV");
        }
        ReconcileResult<PersistentVolume> pv = claims.reconcile(pvName, VolumeClaimObjects.generatePersistentVolume(
                volume, pvName, storageClass, namespace, pvcName));
        if (!pv.changed()) {
            return new Refused(409, "pv-exists", "pvName", "a PV named " + pvName + " exists already");
        }
        ReconcileResult<PersistentVolumeClaim> pvc;
        try {
            pvc = claims.reconcile(namespace, pvcName, VolumeClaimObjects.generateClaim(volume, pvName, storageClass,
                    namespace, pvcName));
        } catch (RuntimeException e) {
            claims.reconcile(pvName, (PersistentVolume) null);
            throw e;
        }
        if (!pvc.changed()) {
            claims.reconcile(pvName, (PersistentVolume) null); // no orphan PV
            return new Refused(409, "pvc-exists", "pvcName", "a PVC named " + namespace + "/" + pvcName
                    + " exists already");
        }
        return new Created(pvName, namespace + "/" + pvcName, VolumeClaimObjects.accessMode(volume));
    }
}
