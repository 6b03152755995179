package io.rwx.sharemanager;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.rwx.crds.AccessMode;
import io.rwx.crds.Volume;
import io.rwx.crds.VolumeState;
import io.rwx.kit.kubernetes.ClusterCache;
import io.rwx.sharemanager.config.ShareManagerConfig;
import io.rwx.sharemanager.kubernetes.EventRecorder;
import io.rwx.sharemanager.kubernetes.VolumeGateway;
import io.rwx.sharemanager.model.AccessModeRules;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A volume's access mode, the one field of a volume's spec users change through this service: it follows an RWX
 * PVC while the volume is detached, and the volume API changes it for a detached volume bound to no PVC. Both
 * writes are conditional on the volume as it was read (a volume that attached meanwhile is a 409 and a re-read).
 * Callers run these in the volume's lane.
 */
@ApplicationScoped
public class VolumeAccessModes {

    private static final Logger LOG = Logger.getLogger(VolumeAccessModes.class);

    /** The outcome of a requested change. */
    public sealed interface Change permits Changed, Refused, NotFound {
    }

    public record Changed(Volume volume) implements Change {
    }

    /** @param reason {@code bound-to-pvc} or {@code attached} */
    public record Refused(String reason, String message) implements Change {
    }

    public record NotFound() implements Change {
    }

    private final ShareManagerConfig config;
    private final ClusterCache cache;
    private final VolumeGateway volumes;
    private final EventRecorder kubeEvents;
    private final Set<String> refusalsLogged = Collections.synchronizedSet(Collections.newSetFromMap(
            new LinkedHashMap<>(64, 0.75f, false) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                    return size() > 10_000;
                }
            }));

    public VolumeAccessModes(ShareManagerConfig config, ClusterCache cache, VolumeGateway volumes,
            EventRecorder kubeEvents) {
        this.config = config;
        this.cache = cache;
        this.volumes = volumes;
        this.kubeEvents = kubeEvents;
    }

    /** A volume used by an RWX PVC becomes rwx while detached; attached, it is refused with a Warning Event. */
    public Volume followClaim(Volume volume) {
        String name = volume.getMetadata().getName();
        Optional<PersistentVolumeClaim> claim = cache.claimOf(name);
        if (claim.isEmpty()) {
            return volume;
        }
        PersistentVolumeClaim pvc = claim.get();
        String claimName = pvc.getMetadata().getNamespace() + "/" + pvc.getMetadata().getName();
        Optional<AccessModeRules.Verdict> verdict = AccessModeRules.upgradeForClaim(name,
                volume.getSpec().getAccessMode(), volume.getStatus().getState(), pvc.getSpec().getAccessModes(),
                claimName);
        if (verdict.isEmpty()) {
            return volume;
        }
        if (!verdict.get().allowed()) {
            if (refusalsLogged.add(name + "\u0000" + verdict.get().message())) {
                LOG.warnf("volume %s: %s", name, verdict.get().message());
            }
            kubeEvents.warning(pvc, "AccessModeChangeRefused", verdict.get().message(), name);
            return volume;
        }
        LOG.infof("volume %s: access mode %s -> rwx, following PVC %s", name, volume.getSpec().getAccessMode().value(),
                claimName);
        return volumes.reconcile(config.systemNamespace(), name, VolumeGateway.Fields.accessMode(AccessMode.RWX,
                volume.getMetadata().getResourceVersion())).object();
    }

    /** The volume API's change: only while the volume is detached and bound to no PVC. */
    public Change change(String name, AccessMode mode) {
        Volume volume = cache.volume(name).orElse(null);
        if (volume == null) {
            return new NotFound();
        }
        String claim = cache.persistentVolumeOf(name).map(pv -> pv.getSpec().getClaimRef())
                .map(r -> r.getNamespace() + "/" + r.getName()).orElse(null);
        VolumeState state = volume.getStatus() == null ? null : volume.getStatus().getState();
        AccessModeRules.Verdict verdict = AccessModeRules.change(name, state, claim);
        if (!verdict.allowed()) {
            return new Refused(claim != null ? "bound-to-pvc" : "attached", verdict.message());
        }
        Volume changed = volumes.reconcile(config.systemNamespace(), name,
                VolumeGateway.Fields.accessMode(mode, volume.getMetadata().getResourceVersion())).object();
        LOG.infof("volume %s: access mode %s -> %s (volume API)", name, volume.getSpec().getAccessMode().value(),
                mode.value());
        return new Changed(changed);
    }
}
