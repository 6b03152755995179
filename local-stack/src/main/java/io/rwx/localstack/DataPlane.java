package io.rwx.localstack;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rwx.crds.Longhorn;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The local stack's NFS data plane, where a Docker Engine answers and the share-manager image is built: Services get
 * ClusterIPs on loopback addresses ({@code 127.43.<n>.10} and up, {@code <n>} per stack), share-manager pods run as
 * containers of the image publishing port 2049 on their Service's address ({@link ShareManagerContainers}), and
 * workload pods write through the endpoints ({@link WorkloadIo}). Configured by the stack through system properties
 * of the cluster process; without them the simulator keeps its simulated share-manager pods and says why.
 */
final class DataPlane implements AutoCloseable {

    static final String IMAGE = "rwx.dataplane.image";
    static final String STACK_ID = "rwx.dataplane.stack-id";
    static final String IP_PREFIX = "rwx.dataplane.ip-prefix";
    static final String OFF_REASON = "rwx.dataplane.off-reason";

    private final String stackId;
    private final String image;
    private final String ipPrefix;
    private final AtomicInteger nextIp = new AtomicInteger(10);
    private final KubernetesClient client;
    private final ShareManagerContainers containers;
    private final WorkloadIo io;
    private final Predicate<String> nodeReady;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "simulated-data-plane"));

    private DataPlane(KubernetesClient client, Simulator simulator, Simulator.PodLogs logs, String stackId, String image,
            String ipPrefix) {
        this.client = client;
        this.stackId = stackId;
        this.image = image;
        this.ipPrefix = ipPrefix;
        this.nodeReady = simulator::ready;
        this.containers = new ShareManagerContainers(client, this, simulator::dirOf, nodeReady);
        this.io = new WorkloadIo(logs);
    }

    /** The data plane the stack configured ({@link #IMAGE} set), or null: share-manager pods stay simulated. */
    static DataPlane fromSystemProperties(KubernetesClient client, Simulator simulator, Simulator.PodLogs logs) {
        String image = System.getProperty(IMAGE);
        if (image == null || image.isBlank()) {
            return null;
        }
        return new DataPlane(client, simulator, logs, System.getProperty(STACK_ID, "rwx-local"), image,
                System.getProperty(IP_PREFIX, "127.43.0."));
    }

    /** Why share-manager pods are simulated in this cluster process (null when they run for real). */
    static String offReason() {
        return System.getProperty(OFF_REASON, "the stack did not enable it");
    }

    void start() {
        Simulator.log("kubelet", "share-manager pods run as containers of " + image + "; Services get ClusterIPs "
                + ipPrefix + "10 and up, and port 2049 of the current share-manager on them (what kube-proxy does)");
        loop.scheduleWithFixedDelay(this::reconcileQuietly, 500, 500, TimeUnit.MILLISECONDS);
    }

    String stackId() {
        return stackId;
    }

    ShareManagerContainers containers() {
        return containers;
    }

    WorkloadIo io() {
        return io;
    }

    /** The next ClusterIP: a loopback address, reachable from this machine. */
    String nextClusterIp() {
        int n = nextIp.getAndIncrement();
        if (n > 254) {
            throw new IllegalStateException("the local stack's " + ipPrefix + "0/24 range for ClusterIPs is used up");
        }
        return ipPrefix + n;
    }

    /** What {@code GET /dataplane} answers. */
    Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("enabled", true);
        d.put("image", image);
        d.put("clusterIPs", ipPrefix + "0/24");
        d.put("client", "libnfs-utils (nfs-cp, nfs-cat, nfs-ls), NFSv4.0");
        return d;
    }

    private void reconcileQuietly() {
        try {
            List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
            containers.reconcile(pods);
            io.reconcile(byUid(pods), serving(pods));
        } catch (RuntimeException e) {
            Simulator.log("kubelet", "data plane pass failed (retried): " + e.getMessage());
        }
    }

    private static Map<String, Pod> byUid(List<Pod> pods) {
        Map<String, Pod> m = new HashMap<>();
        pods.forEach(p -> m.put(p.getMetadata().getUid(), p));
        return m;
    }

    /** Workload pods (Running, not terminating, on a Ready node, not a Job's) whose PVC is a served volume. */
    private Map<String, WorkloadIo.Mount> serving(List<Pod> pods) {
        Map<String, String> volumeOfClaim = new HashMap<>();
        for (PersistentVolume pv : client.persistentVolumes().list().getItems()) {
            if (pv.getSpec().getCsi() != null && Longhorn.CSI_DRIVER.equals(pv.getSpec().getCsi().getDriver())
                    && pv.getSpec().getClaimRef() != null) {
                volumeOfClaim.put(pv.getSpec().getClaimRef().getNamespace() + "/" + pv.getSpec().getClaimRef().getName(),
                        pv.getSpec().getCsi().getVolumeHandle());
            }
        }
        Map<String, String> ipOfVolume = new HashMap<>();
        for (Service s : client.services().inAnyNamespace().withLabel(Longhorn.COMPONENT_LABEL,
                Longhorn.COMPONENT_SHARE_MANAGER).list().getItems()) {
            String ip = s.getSpec().getClusterIP();
            if (ip != null && ip.startsWith(ipPrefix)) {
                ipOfVolume.put(s.getMetadata().getName(), ip);
            }
        }
        Map<String, WorkloadIo.Mount> serving = new HashMap<>();
        for (Pod p : pods) {
            if (ShareManagerContainers.isShareManager(p) || isJobPod(p) || p.getMetadata().getDeletionTimestamp() != null
                    || p.getStatus() == null || !"Running".equals(p.getStatus().getPhase())
                    || !nodeReady.test(p.getSpec().getNodeName())) {
                continue;
            }
            p.getSpec().getVolumes().stream().filter(v -> v.getPersistentVolumeClaim() != null)
                    .map(v -> volumeOfClaim.get(p.getMetadata().getNamespace() + "/" + v.getPersistentVolumeClaim().getClaimName()))
                    .filter(v -> v != null && ipOfVolume.containsKey(v)).findFirst()
                    .ifPresent(v -> serving.put(p.getMetadata().getUid(),
                            new WorkloadIo.Mount(v, "nfs://" + ipOfVolume.get(v) + "/" + v)));
        }
        return serving;
    }

    private static boolean isJobPod(Pod p) {
        return (p.getMetadata().getLabels() != null && p.getMetadata().getLabels().containsKey("job-name"))
                || (p.getMetadata().getOwnerReferences() != null
                && p.getMetadata().getOwnerReferences().stream().anyMatch(o -> "Job".equals(o.getKind())));
    }

    @Override
    public void close() {
        loop.shutdownNow();
        io.close();
        containers.close();
    }
}
