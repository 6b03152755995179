package io.rwx.sharemanager.model;

import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.HostPathVolumeSourceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.rwx.crds.Longhorn;
import io.rwx.crds.ShareManager;
import io.rwx.crds.ShareManagerSpec;
import io.rwx.crds.Volume;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Desired objects of a volume's share: ShareManager CR, endpoint Service, share-manager pod. Pure. */
public final class ShareManagerObjects {

    /** The NFS server's pid file: it exists once ganesha serves, hence the readiness probe. */
    public static final String NFS_PID_FILE = "/var/run/ganesha.pid";

    private ShareManagerObjects() {
    }

    public static ShareManager generateShareManager(Volume volume, String image) {
        ShareManager sm = new ShareManager();
        sm.getMetadata().setName(volume.getMetadata().getName());
        sm.getMetadata().setNamespace(volume.getMetadata().getNamespace());
        sm.getMetadata().setLabels(Map.of(Longhorn.COMPONENT_LABEL, Longhorn.COMPONENT_SHARE_MANAGER));
        sm.getMetadata().setOwnerReferences(List.of(ownerOf(volume.getApiVersion(), volume.getKind(),
                volume.getMetadata().getName(), volume.getMetadata().getUid())));
        ShareManagerSpec spec = new ShareManagerSpec();
        spec.setImage(image);
        sm.setSpec(spec);
        return sm;
    }

    /** The ShareManager with the status a pass decided (a copy; the input is not changed). */
    public static ShareManager withStatus(ShareManager sm, ShareWrites writes) {
        ShareManager copy = copy(sm);
        io.rwx.crds.ShareManagerStatus status = new io.rwx.crds.ShareManagerStatus();
        status.setState(writes.state());
        status.setOwnerID(writes.ownerID());
        status.setEndpoint(writes.endpoint());
        copy.setStatus(status);
        return copy;
    }

    /** The ShareManager with a failure record annotation (a copy; the input is not changed). */
    public static ShareManager withFailure(ShareManager sm, String failureJson) {
        ShareManager copy = copy(sm);
        Map<String, String> annotations = new LinkedHashMap<>(sm.getMetadata().getAnnotations() == null ? Map.of()
                : sm.getMetadata().getAnnotations());
        annotations.put(io.rwx.kit.model.ShareManagerFailure.ANNOTATION, failureJson);
        copy.getMetadata().setAnnotations(annotations);
        return copy;
    }

    private static ShareManager copy(ShareManager sm) {
        ShareManager copy = new ShareManager();
        copy.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMetaBuilder(sm.getMetadata()).build());
        copy.setSpec(sm.getSpec());
        copy.setStatus(sm.getStatus());
        return copy;
    }

    /** ClusterIP Service {@code <volume>}: the stable NFS endpoint, never deleted on failover. */
    public static Service generateService(ShareManager sm) {
        String volume = sm.getMetadata().getName();
        return new ServiceBuilder()
                .withNewMetadata()
                .withName(Longhorn.shareManagerServiceName(volume))
                .withNamespace(sm.getMetadata().getNamespace())
                .withLabels(Longhorn.shareManagerPodLabels(volume))
                .withOwnerReferences(ownerOf(sm.getApiVersion(), sm.getKind(), volume, sm.getMetadata().getUid()))
                .endMetadata()
                .withNewSpec()
                .withType("ClusterIP")
                .withSelector(Longhorn.shareManagerSelector(volume))
                .addNewPort().withName(Longhorn.NFS_PORT_NAME).withPort(Longhorn.NFS_PORT)
                .withNewTargetPort(Longhorn.NFS_PORT).withProtocol("TCP").endPort()
                .endSpec()
                .build();
    }

    /**
     * Pod {@code share-manager-<volume>}, compatible with Longhorn's share-manager image.
     *
     * @param avoidNode a node that just failed this share-manager: preferred anti-affinity, or null
     */
    public static Pod generatePod(ShareManager sm, PodSettings settings, String avoidNode) {
        String volume = sm.getMetadata().getName();
        Map<String, Quantity> requests = quantities(settings.requests());
        Map<String, Quantity> limits = quantities(settings.limits());
        PodBuilder b = new PodBuilder()
                .withNewMetadata()
                .withName(Longhorn.shareManagerPodName(volume))
                .withNamespace(sm.getMetadata().getNamespace())
                .withLabels(Longhorn.shareManagerPodLabels(volume))
                .withOwnerReferences(ownerOf(sm.getApiVersion(), sm.getKind(), volume, sm.getMetadata().getUid()))
                .endMetadata()
                .withNewSpec()
                .withRestartPolicy("Never")
                .withServiceAccountName(settings.serviceAccount())
                .withPriorityClassName(settings.priorityClass())
                .withNodeSelector(settings.nodeSelector().isEmpty() ? null : settings.nodeSelector())
                .withTolerations(settings.tolerations())
                .addNewContainer()
                .withName(Longhorn.SHARE_MANAGER_CONTAINER)
                .withImage(settings.image())
                .withArgs("--debug", "daemon", "--volume", volume)
                .withEnv(new EnvVarBuilder().withName("POD_NAME").withNewValueFrom().withNewFieldRef()
                                .withFieldPath("metadata.name").endFieldRef().endValueFrom().build(),
                        new EnvVarBuilder().withName("POD_NAMESPACE").withNewValueFrom().withNewFieldRef()
                                .withFieldPath("metadata.namespace").endFieldRef().endValueFrom().build())
                .withNewSecurityContext().withPrivileged(true).endSecurityContext()
                .withNewReadinessProbe().withNewExec().withCommand("cat", NFS_PID_FILE).endExec()
                .withInitialDelaySeconds(2).withPeriodSeconds(2).withTimeoutSeconds(4).withFailureThreshold(5)
                .endReadinessProbe()
                .withNewResources().withRequests(requests.isEmpty() ? null : requests)
                .withLimits(limits.isEmpty() ? null : limits).endResources()
                .addNewVolumeMount().withName("dev").withMountPath("/dev").endVolumeMount()
                .addNewVolumeMount().withName("sys").withMountPath("/sys").endVolumeMount()
                .addNewVolumeMount().withName("proc").withMountPath("/host/proc").endVolumeMount()
                .addNewVolumeMount().withName("lib-modules").withMountPath("/lib/modules").withReadOnly(true)
                .endVolumeMount()
                .endContainer()
                .addNewVolume().withName("dev").withHostPath(new HostPathVolumeSourceBuilder().withPath("/dev").build())
                .endVolume()
                .addNewVolume().withName("sys").withHostPath(new HostPathVolumeSourceBuilder().withPath("/sys").build())
                .endVolume()
                .addNewVolume().withName("proc").withHostPath(new HostPathVolumeSourceBuilder().withPath("/proc")
                        .build()).endVolume()
                .addNewVolume().withName("lib-modules").withHostPath(new HostPathVolumeSourceBuilder()
                        .withPath("/lib/modules").build()).endVolume()
                .endSpec();
        if (avoidNode != null) {
            b.editSpec().withNewAffinity().withNewNodeAffinity()
                    .addNewPreferredDuringSchedulingIgnoredDuringExecution().withWeight(100).withNewPreference()
                    .addNewMatchExpression().withKey("kubernetes.io/hostname").withOperator("NotIn")
                    .withValues(avoidNode).endMatchExpression()
                    .endPreference().endPreferredDuringSchedulingIgnoredDuringExecution()
                    .endNodeAffinity().endAffinity().endSpec();
        }
        return b.build();
    }

    private static Map<String, Quantity> quantities(Map<String, String> raw) {
        Map<String, Quantity> q = new LinkedHashMap<>();
        raw.forEach((k, v) -> q.put(k, new Quantity(v)));
        return q;
    }

    private static OwnerReference ownerOf(String apiVersion, String kind, String name, String uid) {
        return new OwnerReferenceBuilder().withApiVersion(apiVersion).withKind(kind).withName(name).withUid(uid)
                .withController(true).withBlockOwnerDeletion(true).build();
    }

    /** The ClusterIP a share-manager Service was given, or null while it has none (or is headless). */
    public static String clusterIP(io.fabric8.kubernetes.api.model.Service service) {
        String ip = service == null || service.getSpec() == null ? null : service.getSpec().getClusterIP();
        return ip == null || ip.isBlank() || "None".equals(ip) ? null : ip;
    }
}
