package io.rwx.kit.kubernetes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.rwx.crds.Longhorn;

/** Readings of Kubernetes objects that several services make the same way. */
public final class ClusterFacts {

    private ClusterFacts() {
    }

    /** The node's Ready condition is True; a missing node or condition is not ready. */
    public static boolean isReady(Node node) {
        return node != null && node.getStatus() != null && node.getStatus().getConditions() != null
                && node.getStatus().getConditions().stream()
                        .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** The PV belongs to the volume: {@code spec.csi.driver == driver.longhorn.io} and the handle is the volume. */
    public static boolean belongsTo(PersistentVolume pv, String volume) {
        return pv != null && pv.getSpec() != null && pv.getSpec().getCsi() != null
                && Longhorn.CSI_DRIVER.equals(pv.getSpec().getCsi().getDriver())
                && volume.equals(pv.getSpec().getCsi().getVolumeHandle());
    }
}
