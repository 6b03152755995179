package io.rwx.testing;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.rwx.crds.AccessMode;
import io.rwx.crds.Longhorn;
import io.rwx.crds.Setting;
import io.rwx.crds.Volume;
import io.rwx.crds.VolumeState;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Builders for the objects of an RWX scenario: a Volume, its PV (driver.longhorn.io) and PVC, workload pods with
 * controller owners, nodes, start times, the share-manager pod, Nodes and Settings. Objects are returned unsaved;
 * tests create them with the client and play kubelet by patching status where a cluster would.
 */
public final class Fixtures {

    public static final String SYSTEM_NAMESPACE = Longhorn.DEFAULT_SYSTEM_NAMESPACE;

    private Fixtures() {
    }

    public static Namespace namespace(String name) {
        return new NamespaceBuilder().withNewMetadata().withName(name).endMetadata().build();
    }

    /**
     * A detached RWX volume of 1 GiB in the system namespace. Once the CRDs are installed, status is a subresource:
     * the status carried here is dropped on create, and a test sets it with {@code updateStatus()} (playing the
     * storage layer).
     */
    public static Volume rwxVolume(String name) {
        return volume(name, AccessMode.RWX);
    }

    public static Volume volume(String name, AccessMode mode) {
        Volume v = new Volume();
        v.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(SYSTEM_NAMESPACE).build());
        v.getSpec().setAccessMode(mode);
        v.getSpec().setSize(Long.toString(1L << 30));
        v.getSpec().setNumberOfReplicas(3);
        v.getStatus().setState(VolumeState.DETACHED);
        v.getStatus().setRobustness("unknown");
        return v;
    }

    /** The PV of a volume, bound to {@code namespace/pvc}. */
    public static PersistentVolume persistentVolume(String volume, String namespace, String pvc, String... accessModes) {
        return new PersistentVolumeBuilder()
                .withNewMetadata().withName(volume).endMetadata()
                .withNewSpec()
                .withAccessModes(accessModes.length == 0 ? new String[] {"ReadWriteMany"} : accessModes)
                .withCapacity(Map.of("storage", new Quantity("1Gi")))
                .withNewCsi().withDriver(Longhorn.CSI_DRIVER).withVolumeHandle(volume).endCsi()
                .withNewClaimRef().withNamespace(namespace).withName(pvc).withKind("PersistentVolumeClaim").endClaimRef()
                .withStorageClassName("longhorn")
                .endSpec()
                .withNewStatus().withPhase("Bound").endStatus()
                .build();
    }

    public static PersistentVolumeClaim persistentVolumeClaim(String namespace, String name, String volume,
            String... accessModes) {
        return new PersistentVolumeClaimBuilder()
                .withNewMetadata().withNamespace(namespace).withName(name).endMetadata()
                .withNewSpec()
                .withAccessModes(accessModes.length == 0 ? new String[] {"ReadWriteMany"} : accessModes)
                .withVolumeName(volume)
                .withStorageClassName("longhorn")
                .withNewResources().withRequests(Map.of("storage", new Quantity("1Gi"))).endResources()
                .endSpec()
                .withNewStatus().withPhase(volume == null ? "Pending" : "Bound").endStatus()
                .build();
    }

    public static Node node(String name, boolean ready) {
        return new NodeBuilder()
                .withNewMetadata().withName(name).endMetadata()
                .withNewStatus()
                .addNewCondition().withType("Ready").withStatus(ready ? "True" : "False")
                .withReason(ready ? "KubeletReady" : "KubeletNotReady").endCondition()
                .endStatus()
                .build();
    }

    public static Setting setting(String key, String value) {
        Setting s = new Setting();
        s.setMetadata(new ObjectMetaBuilder().withName(key).withNamespace(SYSTEM_NAMESPACE).build());
        s.setValue(value);
        return s;
    }

    /** Starts a workload pod that mounts {@code pvc}. */
    public static WorkloadPodBuilder workloadPod(String namespace, String name, String pvc) {
        return new WorkloadPodBuilder(namespace, name, pvc);
    }

    /** A Running and Ready share-manager pod for the volume, with the Longhorn labels. */
    public static Pod shareManagerPod(String volume, String node) {
        return new PodBuilder()
                .withNewMetadata()
                .withName(Longhorn.shareManagerPodName(volume)).withNamespace(SYSTEM_NAMESPACE)
                .withUid(UUID.randomUUID().toString())
                .withLabels(Longhorn.shareManagerPodLabels(volume))
                .endMetadata()
                .withNewSpec()
                .withNodeName(node).withRestartPolicy("Never")
                .addNewContainer().withName(Longhorn.SHARE_MANAGER_CONTAINER)
                .withImage("longhornio/longhorn-share-manager:v1.7.2").endContainer()
                .endSpec()
                .withNewStatus().withPhase("Running").withStartTime(Instant.now().toString())
                .addNewCondition().withType("Ready").withStatus("True").endCondition()
                .withContainerStatuses(new ContainerStatusBuilder().withName(Longhorn.SHARE_MANAGER_CONTAINER)
                        .withReady(true).withNewState().withNewRunning().withStartedAt(Instant.now().toString())
                        .endRunning().endState().build())
                .endStatus()
                .build();
    }

    /** Fluent builder of a workload pod on an RWX PVC. */
    public static final class WorkloadPodBuilder {
        private final String namespace;
        private final String name;
        private final String pvc;
        private String node = "node-1";
        private Instant startTime = Instant.now();
        private String ownerApiVersion;
        private String ownerKind;
        private String ownerName;
        private boolean readOnly;
        private boolean running = true;

        private WorkloadPodBuilder(String namespace, String name, String pvc) {
            this.namespace = namespace;
            this.name = name;
            this.pvc = pvc;
        }

        public WorkloadPodBuilder onNode(String node) {
            this.node = node;
            return this;
        }

        public WorkloadPodBuilder startedAt(Instant startTime) {
            this.startTime = startTime;
            return this;
        }

        /** Controller owner, e.g. {@code ownedBy("apps/v1", "ReplicaSet", "web-7d9c")}. */
        public WorkloadPodBuilder ownedBy(String apiVersion, String kind, String ownerName) {
            this.ownerApiVersion = apiVersion;
            this.ownerKind = kind;
            this.ownerName = ownerName;
            return this;
        }

        public WorkloadPodBuilder readOnly() {
            this.readOnly = true;
            return this;
        }

        /** Not yet started: Pending, no start time. */
        public WorkloadPodBuilder pending() {
            this.running = false;
            this.startTime = null;
            return this;
        }

        public Pod build() {
            PodBuilder b = new PodBuilder()
                    .withNewMetadata().withNamespace(namespace).withName(name)
                    .withUid(UUID.randomUUID().toString()).withLabels(Map.of("app", name)).endMetadata()
                    .withNewSpec()
                    .withNodeName(running ? node : null)
                    .addNewContainer().withName("app").withImage("busybox:1.36")
                    .addNewVolumeMount().withName("data").withMountPath("/data").withReadOnly(readOnly).endVolumeMount()
                    .endContainer()
                    .addNewVolume().withName("data").withNewPersistentVolumeClaim().withClaimName(pvc)
                    .withReadOnly(readOnly).endPersistentVolumeClaim().endVolume()
                    .endSpec();
            if (ownerKind != null) {
                b.editMetadata().addNewOwnerReference().withApiVersion(ownerApiVersion).withKind(ownerKind)
                        .withName(ownerName).withUid(UUID.nameUUIDFromBytes(ownerName.getBytes()).toString())
                        .withController(true).withBlockOwnerDeletion(true).endOwnerReference().endMetadata();
            }
            if (running) {
                b.withNewStatus().withPhase("Running").withStartTime(startTime.toString())
                        .withConditions(List.of(new io.fabric8.kubernetes.api.model.PodConditionBuilder()
                                .withType("Ready").withStatus("True").build()))
                        .endStatus();
            } else {
                b.withNewStatus().withPhase("Pending").endStatus();
            }
            return b.build();
        }
    }
}
