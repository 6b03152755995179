package io.rwx.localstack;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.rwx.crds.Longhorn;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * The simulated kubelet's container runtime for share-manager pods, where a Docker Engine answers: each pod runs as a
 * container of its image (the project's {@code rwx/share-manager}: NFS-Ganesha) with its volume's data directory
 * mounted at {@code /export/<volume>}, and port 2049 published on its Service's ClusterIP, a loopback address, as
 * kube-proxy would forward it. So the endpoint {@code nfs://<clusterIP>/<volume>} is reachable from this machine and
 * stays the same across a failover, as a Service's does.
 * <ul>
 *   <li>Running once the container runs; Ready once the NFS server answers at the endpoint (an {@code nfs-ls});</li>
 *   <li>a container that exits fails its pod with the container's exit code ({@code restartPolicy: Never});</li>
 *   <li>failing a pod (the simulator's control endpoint) kills its container; a failed node kills every container
 *       on it; a deleted pod's container is stopped (SIGTERM, its grace period) and removed.</li>
 * </ul>
 * What differs from a kubelet, and is said in the README: the container gets {@code SYS_ADMIN} and
 * {@code DAC_READ_SEARCH} (what Ganesha needs) instead of {@code privileged}, no host {@code /dev}, {@code /sys},
 * {@code /proc} or {@code /lib/modules} (the image does not use them), and {@code RWX_NFS_MINOR_VERSIONS=0, 1, 2}
 * because the only userspace client here speaks NFSv4.0. Every container carries the stack's label and is removed
 * when the stack stops (or, after a crash, when a stack starts again in the same directory).
 */
final class ShareManagerContainers implements AutoCloseable {

    static final String STACK_LABEL = "io.rwx.local-stack";
    static final String POD_UID_LABEL = "io.rwx.pod-uid";
    static final String SERVICE_IP_LABEL = "io.rwx.service-ip";
    private static final Duration READY_WITHIN = Duration.ofSeconds(60);

    /** What the kubelet knows of a pod it runs. */
    private record Running(String namespace, String name, String volume, String ip, String node, String container) {
    }

    private final KubernetesClient client;
    private final DataPlane plane;
    private final BiFunction<String, String, Path> dirOf;
    private final Predicate<String> nodeReady;
    private final ExecutorService workers = Executors.newFixedThreadPool(4, r -> new Thread(r, "simulated-container"));
    /** Pods whose start is under way or done, by UID. */
    private final Map<String, Running> pods = new ConcurrentHashMap<>();

    ShareManagerContainers(KubernetesClient client, DataPlane plane, BiFunction<String, String, Path> dirOf,
            Predicate<String> nodeReady) {
        this.client = client;
        this.plane = plane;
        this.dirOf = dirOf;
        this.nodeReady = nodeReady;
        removeAll("left by an earlier run of this stack");
    }

    static boolean isShareManager(Pod pod) {
        return pod.getMetadata().getLabels() != null
                && Longhorn.COMPONENT_SHARE_MANAGER.equals(pod.getMetadata().getLabels().get(Longhorn.COMPONENT_LABEL));
    }

    /** A scheduled share-manager pod on a Ready node: start its container unless that is under way already. */
    void run(Pod pod) {
        String uid = pod.getMetadata().getUid();
        if (pods.containsKey(uid)) {
            return;
        }
        String volume = pod.getMetadata().getLabels().get(Longhorn.SHARE_MANAGER_LABEL);
        pods.put(uid, new Running(pod.getMetadata().getNamespace(), pod.getMetadata().getName(), volume, null,
                pod.getSpec().getNodeName(), null));
        workers.execute(() -> start(pod, volume));
    }

    private void start(Pod pod, String volume) {
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        String uid = pod.getMetadata().getUid();
        Service service = client.services().inNamespace(ns).withName(Longhorn.shareManagerServiceName(volume)).get();
        String ip = service == null ? null : service.getSpec().getClusterIP();
        Path data = dataDir(volume);
        if (ip == null || ip.isBlank() || data == null) {
            pods.remove(uid); // the next pass tries again
            return;
        }
        // the Service's port is the current pod's: a container of an earlier pod that still holds it goes first
        for (String stale : DockerCli.run("ps", "-aq", "--filter", "label=" + STACK_LABEL + "=" + plane.stackId(),
                "--filter", "label=" + SERVICE_IP_LABEL + "=" + ip).out().lines().filter(l -> !l.isBlank()).toList()) {
            DockerCli.run("rm", "-f", stale);
        }
        var c = pod.getSpec().getContainers().get(0);
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", plane.stackId() + "-" + name + "-"
                        + uid.substring(0, 5), "--label", STACK_LABEL + "=" + plane.stackId(), "--label",
                POD_UID_LABEL + "=" + uid, "--label", SERVICE_IP_LABEL + "=" + ip, "--cap-add", "SYS_ADMIN",
                "--cap-add", "DAC_READ_SEARCH", "-p", ip + ":" + Longhorn.NFS_PORT + ":" + Longhorn.NFS_PORT,
                "-e", "POD_NAME=" + name, "-e", "POD_NAMESPACE=" + ns, "-e", "RWX_NFS_MINOR_VERSIONS=0, 1, 2",
                "-v", data + ":/export/" + volume, c.getImage()));
        if (c.getArgs() != null) {
            args.addAll(c.getArgs());
        }
        DockerCli.Result run = DockerCli.run(120, args);
        if (!run.ok() && run.out().contains("is already in use")) {
            // another start of the same pod created it: that start carries on to Ready, and writing the status or
            // forgetting the pod here would stop it
            return;
        }
        if (!run.ok()) {
            Simulator.log("kubelet " + pod.getSpec().getNodeName(), "pod " + ns + "/" + name + ": container did not start: "
                    + run.out());
            patchStatus(pod, new PodStatusBuilder().withPhase("Pending").withContainerStatuses(new ContainerStatusBuilder()
                    .withName(c.getName()).withImage(c.getImage()).withReady(false).withNewState().withNewWaiting()
                    .withReason("CreateContainerError").withMessage(run.out()).endWaiting().endState().build()).build());
            pods.remove(uid);
            return;
        }
        String container = run.out().lines().reduce((a, b) -> b).orElse("");
        pods.put(uid, new Running(ns, name, volume, ip, pod.getSpec().getNodeName(), container));
        String now = Instant.now().toString();
        patchStatus(pod, status(pod, c.getName(), c.getImage(), now, false));
        Simulator.log("kubelet " + pod.getSpec().getNodeName(), "pod " + ns + "/" + name + " Running: container "
                + container.substring(0, 12) + " of " + c.getImage() + " serves " + data + " on " + ip + ":2049");
        String endpoint = "nfs://" + ip + "/" + volume;
        long deadline = System.nanoTime() + READY_WITHIN.toNanos();
        while (System.nanoTime() < deadline && pods.containsKey(uid)) {
            if (NfsClient.list(endpoint).ok()) {
                patchStatus(pod, status(pod, c.getName(), c.getImage(), now, true));
                Simulator.log("kubelet " + pod.getSpec().getNodeName(), "pod " + ns + "/" + name + " Ready: " + endpoint
                        + " answers");
                return;
            }
            if (!"running".equals(DockerCli.run("inspect", "-f", "{{.State.Status}}", container).out())) {
                return; // it exited: the next pass fails the pod
            }
            sleep(200);
        }
    }

    private static PodStatus status(Pod pod, String container, String image, String startedAt, boolean ready) {
        String node = pod.getSpec().getNodeName();
        int n = Math.max(0, Simulator.NODES.indexOf(node));
        return new PodStatusBuilder().withPhase("Running").withStartTime(startedAt)
                .withPodIP("10.42." + (n + 1) + "." + (100 + Math.abs(pod.getMetadata().getUid().hashCode() % 150)))
                .withHostIP("192.168.50." + (n + 11))
                .withConditions(new PodConditionBuilder().withType("Ready").withStatus(ready ? "True" : "False")
                        .withLastTransitionTime(Instant.now().toString()).build())
                .withContainerStatuses(new ContainerStatusBuilder().withName(container).withImage(image).withReady(ready)
                        .withRestartCount(0).withNewState().withNewRunning().withStartedAt(startedAt).endRunning()
                        .endState().build())
                .build();
    }

    /** The directory of the PVC bound to {@code volume} (its PV's CSI handle), or null while there is none. */
    private Path dataDir(String volume) {
        for (PersistentVolume pv : client.persistentVolumes().list().getItems()) {
            if (pv.getSpec().getCsi() != null && volume.equals(pv.getSpec().getCsi().getVolumeHandle())
                    && pv.getSpec().getClaimRef() != null) {
                return dirOf.apply(pv.getSpec().getClaimRef().getNamespace(), pv.getSpec().getClaimRef().getName());
            }
        }
        return null;
    }

    /**
     * One pass: a container that exited fails its pod with its exit code (unless its node is lost: no kubelet
     * reports from there); the container of a pod that is gone or terminating is stopped and removed.
     */
    void reconcile(List<Pod> all) {
        Map<String, Pod> byUid = new HashMap<>();
        all.forEach(p -> byUid.put(p.getMetadata().getUid(), p));
        String format = "{{.ID}}|{{.Label \"" + POD_UID_LABEL + "\"}}|{{.State}}";
        for (String line : DockerCli.run("ps", "-a", "--filter", "label=" + STACK_LABEL + "=" + plane.stackId(),
                "--format", format).out().lines().filter(l -> l.contains("|")).toList()) {
            String[] f = line.split("\\|");
            String id = f[0];
            Pod pod = byUid.get(f[1]);
            if (pod == null || pod.getMetadata().getDeletionTimestamp() != null) {
                Running gone = pods.remove(f[1]);
                workers.execute(() -> stop(id, gone));
            } else if (!"running".equals(f[2]) && !"created".equals(f[2]) && pod.getStatus() != null
                    && "Running".equals(pod.getStatus().getPhase()) && nodeReady.test(pod.getSpec().getNodeName())) {
                String code = DockerCli.run("inspect", "-f", "{{.State.ExitCode}}", id).out();
                failed(pod, code.matches("\\d+") ? Integer.parseInt(code) : 1, "the container exited");
            }
        }
        // a start under way (no container yet) is kept: this pass's pod list may predate its pod, and dropping it
        // would start the pod a second time; its container, once there, is matched above like any other
        pods.entrySet().removeIf(e -> !byUid.containsKey(e.getKey()) && e.getValue().container() != null);
    }

    private void stop(String container, Running pod) {
        // SIGTERM and the pod's grace period: Ganesha ends its clients' state and exits
        DockerCli.run(60, List.of("stop", "-t", "30", container));
        DockerCli.run("rm", "-f", "-v", container);
        if (pod != null) {
            Simulator.log("kubelet " + pod.node(), "pod " + pod.namespace() + "/" + pod.name() + " gone: container "
                    + container + " stopped and removed");
        }
    }

    /** Kills the pod's container now (SIGKILL), as a crash would; true if it had one. */
    boolean kill(Pod pod) {
        Running r = pods.get(pod.getMetadata().getUid());
        if (r == null || r.container() == null) {
            return false;
        }
        DockerCli.run("kill", r.container());
        Simulator.log("kubelet " + r.node(), "container " + r.container().substring(0, 12) + " of pod " + r.namespace() + "/"
                + r.name() + " killed");
        return true;
    }

    /** A node is lost: every share-manager container on it dies with it. */
    void killOnNode(String node) {
        pods.values().stream().filter(r -> node.equals(r.node()) && r.container() != null)
                .forEach(r -> DockerCli.run("kill", r.container()));
    }

    private void failed(Pod listed, int exitCode, String why) {
        String ns = listed.getMetadata().getNamespace();
        String name = listed.getMetadata().getName();
        Pod pod = client.pods().inNamespace(ns).withName(name).get(); // the list may be older than a failPod
        if (pod == null || !pod.getMetadata().getUid().equals(listed.getMetadata().getUid())
                || pod.getStatus() == null || !"Running".equals(pod.getStatus().getPhase())) {
            return;
        }
        String now = Instant.now().toString();
        var c = pod.getSpec().getContainers().get(0);
        patchStatus(pod, new PodStatusBuilder().withPhase("Failed").withConditions(new PodConditionBuilder()
                .withType("Ready").withStatus("False").withLastTransitionTime(now).build()).withContainerStatuses(
                new ContainerStatusBuilder().withName(c.getName()).withImage(c.getImage()).withReady(false).withNewState()
                        .withNewTerminated().withExitCode(exitCode).withReason("Error").withFinishedAt(now).endTerminated()
                        .endState().build()).build());
        Simulator.log("kubelet " + pod.getSpec().getNodeName(), "pod " + ns + "/" + name + " failed: " + why + " (exit "
                + exitCode + ")");
    }

    /**
     * Writes the status of this pod (its UID: a pod of the same name may have replaced it), with its
     * resourceVersion as a precondition, as a kubelet's status manager does; a pod gone or changed meanwhile is left
     * to the next pass.
     */
    private void patchStatus(Pod pod, PodStatus status) {
        String ns = pod.getMetadata().getNamespace();
        String name = pod.getMetadata().getName();
        try {
            Pod current = client.pods().inNamespace(ns).withName(name).get();
            if (current == null || !current.getMetadata().getUid().equals(pod.getMetadata().getUid())) {
                return;
            }
            Map<String, Object> patch = Map.of("metadata", Map.of("resourceVersion",
                    current.getMetadata().getResourceVersion()), "status", status);
            client.pods().inNamespace(ns).withName(name).subresource("status").patch(PatchContext.of(PatchType.JSON_MERGE),
                    Serialization.asJson(patch));
        } catch (RuntimeException e) {
            Simulator.log("kubelet", "status of pod " + ns + "/" + name + " not written (the next pass retries): "
                    + e.getMessage());
        }
    }

    private void removeAll(String why) {
        List<String> ids = DockerCli.run("ps", "-aq", "--filter", "label=" + STACK_LABEL + "=" + plane.stackId()).out()
                .lines().filter(l -> !l.isBlank()).toList();
        if (!ids.isEmpty()) {
            List<String> rm = new ArrayList<>(List.of("rm", "-f", "-v"));
            rm.addAll(ids);
            DockerCli.run(120, rm);
            Simulator.log("kubelet", ids.size() + " share-manager container(s) removed: " + why);
        }
    }

    private static void sleep(long millis) {
        try {
            TimeUnit.MILLISECONDS.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
        removeAll("the stack stops");
    }
}
