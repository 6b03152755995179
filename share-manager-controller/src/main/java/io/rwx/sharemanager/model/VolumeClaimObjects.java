package io.rwx.sharemanager.model;

import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.rwx.crds.Longhorn;
import io.rwx.crds.Volume;

import java.util.Map;

/** Desired PV and PVC for a manually created volume: both take the volume's access mode and size. Pure. */
public final class VolumeClaimObjects {

    private VolumeClaimObjects() {
    }

    public static PersistentVolume generatePersistentVolume(Volume volume, String pvName, String storageClass,
            String claimNamespace, String claimName) {
        return new PersistentVolumeBuilder()
                .withNewMetadata().withName(pvName).endMetadata()
                .withNewSpec().withAccessModes(accessMode(volume)).withCapacity(Map.of("storage", size(volume)))
                .withPersistentVolumeReclaimPolicy("Retain").withStorageClassName(storageClass)
                .withNewCsi().withDriver(Longhorn.CSI_DRIVER).withVolumeHandle(volume.getMetadata().getName())
                .withFsType("ext4").endCsi()
                .withClaimRef(new ObjectReference(null, null, "PersistentVolumeClaim", claimName, claimNamespace,
                        null, null))
                .endSpec().build();
    }

    public static PersistentVolumeClaim generateClaim(Volume volume, String pvName, String storageClass,
            String claimNamespace, String claimName) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(claimName).withNamespace(claimNamespace).endMetadata()
                .withNewSpec().withAccessModes(accessMode(volume)).withVolumeName(pvName)
                .withStorageClassName(storageClass)
                .withNewResources().withRequests(Map.of("storage", size(volume))).endResources().endSpec().build();
    }

    /** The Kubernetes access mode that corresponds to the volume's (ReadWriteMany for rwx). */
    public static String accessMode(Volume volume) {
        return volume.getSpec().getAccessMode().kubernetesAccessMode();
    }

    private static Quantity size(Volume volume) {
        return new Quantity(volume.getSpec().getSize());
    }
}
