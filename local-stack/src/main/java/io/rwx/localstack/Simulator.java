package io.rwx.localstack;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rwx.crds.AccessMode;
import io.rwx.crds.Longhorn;
import io.rwx.crds.Volume;
import io.rwx.crds.VolumeState;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plays, on the in-memory API server, what a real cluster's other components would do. It says so in every log
 * line ("[simulated kubelet]" ...). Level-based: every pass looks at the objects and does what is missing.
 * <ul>
 *   <li>nodes: three Ready nodes; a node can be failed and recovered on request;</li>
 *   <li>CSI provisioner: a PVC of class {@code longhorn} gets a Longhorn Volume (rwx if the PVC is RWX) and a PV;
 *       a PVC of class {@code nfs-legacy} gets an NFS PV; each bound PVC is a local directory;</li>
 *   <li>API server: Services get a ClusterIP;</li>
 *   <li>storage layer: a Volume is attached to the node its {@code spec.nodeID} asks for;</li>
 *   <li>controllers: Deployments (through a ReplicaSet) and StatefulSets keep their replicas;</li>
 *   <li>scheduler + kubelet: pending pods land on a Ready node (honouring a preferred anti-affinity) and run;
 *       a pod can be failed, or given a FailedMount event, on request;</li>
 *   <li>Job controller + kubelet: a migration Job's container command runs for real on the PVCs' directories and
 *       its result becomes the pod's termination message and the Job's status.</li>
 * </ul>
 */
final class Simulator implements AutoCloseable {

    static final List<String> NODES = List.of("node-1", "node-2", "node-3");

    private final KubernetesClient client;
    private final Path volumesDir;
    private final ScheduledExecutorService loop = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "simulator"));
    private final ExecutorService jobs = Executors.newFixedThreadPool(2, r -> new Thread(r, "simulated-job"));
    private final Set<String> startedJobs = ConcurrentHashMap.newKeySet();
    private final AtomicInteger ips = new AtomicInteger(10);
    private final AtomicInteger podIps = new AtomicInteger(10);

    /** Where a pod's output goes (the API server serves it as the pod's log); null: nowhere. */
    interface PodLogs {
        void append(String namespace, String pod, String text);
    }

    private PodLogs podLogs;
    /** Share-manager pods as containers, loopback ClusterIPs, workloads doing NFS I/O; null: all simulated. */
    private DataPlane dataPlane;

    Simulator withPodLogs(PodLogs logs) {
        this.podLogs = logs;
        return this;
    }

    /** Runs share-manager pods for real where the stack configured it ({@link DataPlane}); says so either way. */
    Simulator withDataPlane() {
        this.dataPlane = DataPlane.fromSystemProperties(client, this, podLogs);
        if (dataPlane == null) {
            log("kubelet", "share-manager pods are simulated (no NFS server runs, workloads do no I/O): "
                    + DataPlane.offReason());
        }
        return this;
    }

    /** The data plane, or null where share-manager pods are simulated. */
    DataPlane dataPlane() {
        return dataPlane;
    }

    Simulator(KubernetesClient client, Path volumesDir) {
        this.client = client;
        this.volumesDir = volumesDir;
    }

    void start() {
        for (String n : NODES) {
            if (client.nodes().withName(n).get() == null) {
                client.resource(new NodeBuilder().withNewMetadata().withName(n)
                        .withLabels(Map.of("kubernetes.io/hostname", n)).endMetadata()
                        .withNewStatus().addNewCondition().withType("Ready").withStatus("True").withReason("KubeletReady")
                        .withLastTransitionTime(Instant.now().toString()).endCondition()
                        .addNewAddress().withType("InternalIP").withAddress("192.168.50." + (NODES.indexOf(n) + 11))
                        .endAddress().endStatus().build()).create();
            }
        }
        log("nodes", "3 Ready nodes: " + NODES);
        if (dataPlane != null) {
            dataPlane.start();
        }
        loop.scheduleWithFixedDelay(this::tickQuietly, 0, 250, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        loop.shutdownNow();
        jobs.shutdownNow();
        if (dataPlane != null) {
            dataPlane.close();
        }
    }

    private void tickQuietly() {
        for (Runnable step : List.<Runnable>of(this::provisionClaims, this::assignClusterIPs, this::attachVolumes,
                this::runDeployments, this::runStatefulSets, this::schedulePods, this::runJobs)) {
            try {
                step.run();
            } catch (RuntimeException e) {
                log("simulator", "step failed (retried next pass): " + e.getMessage());
            }
        }
    }

    // --- CSI provisioner -------------------------------------------------------------------------------------

    private void provisionClaims() {
        for (PersistentVolumeClaim pvc : client.persistentVolumeClaims().inAnyNamespace().list().getItems()) {
            String ns = pvc.getMetadata().getNamespace();
            String name = pvc.getMetadata().getName();
            if (pvc.getSpec().getVolumeName() != null) {
                dirOf(ns, name);
                continue;
            }
            String cls = pvc.getSpec().getStorageClassName() == null ? "longhorn" : pvc.getSpec().getStorageClassName();
            Quantity size = pvc.getSpec().getResources().getRequests().get("storage");
            boolean rwx = pvc.getSpec().getAccessModes().contains("ReadWriteMany");
            String uid = pvc.getMetadata().getUid().replace("-", "");
            String volume = (cls.equals("nfs-legacy") ? "nfs-" : "pvc-") + uid.substring(uid.length() - 12);
            PersistentVolumeBuilder pv = new PersistentVolumeBuilder().withNewMetadata().withName(volume).endMetadata()
                    .withNewSpec().withAccessModes(pvc.getSpec().getAccessModes()).withCapacity(Map.of("storage", size))
                    .withStorageClassName(cls).withNewClaimRef().withKind("PersistentVolumeClaim").withNamespace(ns)
                    .withName(name).withUid(pvc.getMetadata().getUid()).endClaimRef().endSpec()
                    .withNewStatus().withPhase("Bound").endStatus();
            if (cls.equals("nfs-legacy")) {
                pv.editSpec().withNewNfs().withServer("10.0.0.100").withPath("/export/" + ns + "/" + name).endNfs().endSpec();
                log("nfs server", "PVC " + ns + "/" + name + " bound to NFS export " + dirOf(ns, name));
            } else {
                Volume v = new Volume();
                v.getMetadata().setName(volume);
                v.getMetadata().setNamespace(Longhorn.DEFAULT_SYSTEM_NAMESPACE);
                v.getSpec().setAccessMode(rwx ? AccessMode.RWX : AccessMode.RWO);
                v.getSpec().setSize(Long.toString(size.getNumericalAmount().longValue()));
                v.getSpec().setNumberOfReplicas(3);
                v = client.resources(Volume.class).resource(v).create();
                patchVolumeStatus(v, "{\"status\":{\"state\":\"detached\",\"robustness\":\"unknown\"}}");
                pv.editSpec().withNewCsi().withDriver(Longhorn.CSI_DRIVER).withVolumeHandle(volume).withFsType("ext4")
                        .endCsi().endSpec();
                log("csi provisioner", "PVC " + ns + "/" + name + " -> Longhorn volume " + volume + " ("
                        + v.getSpec().getAccessMode().value() + "), data in " + dirOf(ns, name));
            }
            client.resource(pv.build()).create();
            pvc.getSpec().setVolumeName(volume);
            client.persistentVolumeClaims().inNamespace(ns).resource(pvc).update();
            PersistentVolumeClaim bound = client.persistentVolumeClaims().inNamespace(ns).withName(name).get();
            if (bound.getStatus() == null) {
                bound.setStatus(new io.fabric8.kubernetes.api.model.PersistentVolumeClaimStatus());
            }
            bound.getStatus().setPhase("Bound");
            bound.getStatus().setAccessModes(pvc.getSpec().getAccessModes());
            bound.getStatus().setCapacity(Map.of("storage", size));
            client.persistentVolumeClaims().inNamespace(ns).resource(bound).updateStatus();
        }
    }

    Path dirOf(String namespace, String claim) {
        Path dir = volumesDir.resolve(namespace).resolve(claim);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return dir;
    }

    // --- API server: ClusterIPs --------------------------------------------------------------------------------

    private void assignClusterIPs() {
        for (Service s : client.services().inAnyNamespace().list().getItems()) {
            String ip = s.getSpec().getClusterIP();
            if ((ip == null || ip.isBlank()) && !"ExternalName".equals(s.getSpec().getType())) {
                String assigned = dataPlane != null ? dataPlane.nextClusterIp() : clusterIp(ips.getAndIncrement());
                s.getSpec().setClusterIP(assigned);
                s.getSpec().setClusterIPs(List.of(assigned));
                client.services().inNamespace(s.getMetadata().getNamespace()).resource(s).update();
                log("api server", "Service " + s.getMetadata().getNamespace() + "/" + s.getMetadata().getName()
                        + " got ClusterIP " + assigned);
            }
        }
    }

    // --- storage layer: attachment -----------------------------------------------------------------------------

    private void attachVolumes() {
        for (Volume v : client.resources(Volume.class).inAnyNamespace().list().getItems()) {
            String want = v.getSpec().getNodeID() == null || v.getSpec().getNodeID().isBlank() ? null : v.getSpec().getNodeID();
            VolumeState state = v.getStatus() == null ? null : v.getStatus().getState();
            String at = v.getStatus() == null ? null : v.getStatus().getCurrentNodeID();
            // the storage layer writes its own status fields only (a merge patch), like every component here
            if (want != null && (state != VolumeState.ATTACHED || !want.equals(at))) {
                patchVolumeStatus(v, "{\"status\":{\"state\":\"attached\",\"currentNodeID\":\"" + want
                        + "\",\"robustness\":\"healthy\"}}");
                log("storage", "volume " + v.getMetadata().getName() + " attached to " + want);
            } else if (want == null && state != VolumeState.DETACHED) {
                patchVolumeStatus(v, "{\"status\":{\"state\":\"detached\",\"currentNodeID\":\"\"}}");
                log("storage", "volume " + v.getMetadata().getName() + " detached");
            }
        }
    }

    private void patchVolumeStatus(Volume v, String patch) {
        client.resources(Volume.class).inNamespace(v.getMetadata().getNamespace()).resource(v).subresource("status")
                .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                        io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE), patch);
    }

    // --- controllers ---------------------------------------------------------------------------------------------

    private void runDeployments() {
        for (Deployment d : client.apps().deployments().inAnyNamespace().list().getItems()) {
            String ns = d.getMetadata().getNamespace();
            String rsName = d.getMetadata().getName() + "-" + d.getMetadata().getUid().substring(0, 5);
            ReplicaSet rs = client.apps().replicaSets().inNamespace(ns).withName(rsName).get();
            if (rs == null) {
                rs = client.resource(new ReplicaSetBuilder().withNewMetadata().withName(rsName).withNamespace(ns)
                        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("Deployment")
                                .withName(d.getMetadata().getName()).withUid(d.getMetadata().getUid()).withController(true)
                                .build()).endMetadata()
                        .withNewSpec().withReplicas(d.getSpec().getReplicas()).withSelector(d.getSpec().getSelector())
                        .withTemplate(d.getSpec().getTemplate()).endSpec().build()).create();
            }
            ReplicaSet owner = rs;
            int replicas = d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
            List<Pod> livePods = client.pods().inNamespace(ns).list().getItems().stream()
                    .filter(p -> ownedBy(p, owner.getMetadata().getUid()) && p.getMetadata().getDeletionTimestamp() == null)
                    .toList();
            long live = livePods.size();
            for (Pod extra : livePods.subList(0, (int) Math.max(0, live - replicas))) { // scaled down
                client.resource(extra).delete();
                log("replicaset controller", "deleted pod " + ns + "/" + extra.getMetadata().getName() + " (scaled to "
                        + replicas + ")");
            }
            for (long i = live; i < replicas; i++) {
                String name = rsName + "-" + UUID.randomUUID().toString().substring(0, 5);
                client.resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(ns)
                        .withLabels(d.getSpec().getTemplate().getMetadata().getLabels())
                        .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
                                .withName(rsName).withUid(owner.getMetadata().getUid()).withController(true).build())
                        .endMetadata().withSpec(d.getSpec().getTemplate().getSpec()).build()).create();
                log("replicaset controller", "created pod " + ns + "/" + name + " for " + rsName);
            }
        }
    }

    private void runStatefulSets() {
        for (StatefulSet s : client.apps().statefulSets().inAnyNamespace().list().getItems()) {
            String ns = s.getMetadata().getNamespace();
            int replicas = s.getSpec().getReplicas() == null ? 1 : s.getSpec().getReplicas();
            for (int i = 0; i < replicas; i++) {
                String name = s.getMetadata().getName() + "-" + i;
                if (client.pods().inNamespace(ns).withName(name).get() == null) {
                    client.resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(ns)
                            .withLabels(s.getSpec().getTemplate().getMetadata().getLabels())
                            .withOwnerReferences(new OwnerReferenceBuilder().withApiVersion("apps/v1")
                                    .withKind("StatefulSet").withName(s.getMetadata().getName())
                                    .withUid(s.getMetadata().getUid()).withController(true).build())
                            .endMetadata().withSpec(s.getSpec().getTemplate().getSpec()).build()).create();
                    log("statefulset controller", "created pod " + ns + "/" + name);
                }
            }
        }
    }

    private static boolean ownedBy(Pod p, String uid) {
        return p.getMetadata().getOwnerReferences() != null
                && p.getMetadata().getOwnerReferences().stream().anyMatch(o -> uid.equals(o.getUid()));
    }

    // --- scheduler + kubelet ---------------------------------------------------------------------------------------

    private void schedulePods() {
        List<Pod> pods = client.pods().inAnyNamespace().list().getItems();
        Map<String, Integer> load = new HashMap<>();
        pods.forEach(p -> {
            if (p.getSpec().getNodeName() != null) {
                load.merge(p.getSpec().getNodeName(), 1, Integer::sum);
            }
        });
        for (Pod pod : pods) {
            String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
            if (pod.getMetadata().getDeletionTimestamp() != null || (phase != null && !"Pending".equals(phase))) {
                continue;
            }
            String node = pod.getSpec().getNodeName();
            if (node == null) {
                node = pickNode(pod, load);
                if (node == null) {
                    continue;
                }
                pod.getSpec().setNodeName(node);
                pod = client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).update();
                load.merge(node, 1, Integer::sum);
                log("scheduler", "pod " + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName()
                        + " -> " + node);
            }
            if (!ready(node)) {
                continue; // its kubelet is gone
            }
            if (dataPlane != null && ShareManagerContainers.isShareManager(pod)) {
                dataPlane.containers().run(pod); // Running once its container runs, Ready once NFS answers
                continue;
            }
            String now = Instant.now().toString();
            pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running")
                    .withStartTime(now).withPodIP("10.42." + (NODES.indexOf(node) + 1) + "." + podIps.getAndIncrement())
                    .withHostIP("192.168.50." + (NODES.indexOf(node) + 11))
                    .withConditions(new PodConditionBuilder().withType("Ready").withStatus("True")
                            .withLastTransitionTime(now).build())
                    .withContainerStatuses(pod.getSpec().getContainers().stream().map(c -> new ContainerStatusBuilder()
                            .withName(c.getName()).withImage(c.getImage()).withReady(true).withRestartCount(0)
                            .withNewState().withNewRunning().withStartedAt(now).endRunning().endState().build()).toList())
                    .build());
            client.pods().inNamespace(pod.getMetadata().getNamespace()).resource(pod).updateStatus();
            log("kubelet " + node, "pod " + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName()
                    + " Running and Ready");
        }
    }

    private String pickNode(Pod pod, Map<String, Integer> load) {
        List<String> avoid = new ArrayList<>();
        if (pod.getSpec().getAffinity() != null && pod.getSpec().getAffinity().getNodeAffinity() != null
                && pod.getSpec().getAffinity().getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution() != null) {
            pod.getSpec().getAffinity().getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution()
                    .forEach(t -> t.getPreference().getMatchExpressions().stream()
                            .filter(e -> "NotIn".equals(e.getOperator())).forEach(e -> avoid.addAll(e.getValues())));
        }
        return NODES.stream().filter(this::ready)
                .sorted((a, b) -> {
                    int byAvoid = Boolean.compare(avoid.contains(a), avoid.contains(b));
                    return byAvoid != 0 ? byAvoid : Integer.compare(load.getOrDefault(a, 0), load.getOrDefault(b, 0));
                }).findFirst().orElse(null);
    }

    boolean ready(String node) {
        Node n = client.nodes().withName(node).get();
        return n != null && n.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    /** Kubelet: the pod's containers die (exit 137: a real container is killed) and the pod fails (restartPolicy Never). */
    void failPod(String namespace, String name) {
        Pod pod = client.pods().inNamespace(namespace).withName(name).get();
        if (dataPlane != null && ShareManagerContainers.isShareManager(pod)) {
            dataPlane.containers().kill(pod);
        }
        String now = Instant.now().toString();
        pod.getStatus().setPhase("Failed");
        pod.getStatus().getConditions().forEach(c -> c.setStatus("False"));
        pod.getStatus().setContainerStatuses(pod.getSpec().getContainers().stream().map(c -> new ContainerStatusBuilder()
                .withName(c.getName()).withReady(false).withNewState().withNewTerminated().withExitCode(137)
                .withReason("Error").withFinishedAt(now).endTerminated().endState().build()).toList());
        client.pods().inNamespace(namespace).resource(pod).updateStatus();
        log("kubelet", "pod " + namespace + "/" + name + " failed: container exited with 137");
    }

    void setNodeReady(String node, boolean ready) {
        if (!ready && dataPlane != null) {
            dataPlane.containers().killOnNode(node); // the machine is gone, and its NFS servers with it
        }
        client.nodes().withName(node).editStatus(n -> {
            n.getStatus().getConditions().forEach(c -> {
                c.setStatus(ready ? "True" : "Unknown");
                c.setReason(ready ? "KubeletReady" : "NodeStatusUnknown");
                c.setLastTransitionTime(Instant.now().toString());
            });
            return n;
        });
        log("node " + node, ready ? "Ready again" : "stopped reporting: Ready=Unknown");
    }

    /** Kubelet on a node without the NFS client: the mount of the pod's RWX volume fails. */
    void mountFailure(String namespace, String podName) {
        Pod pod = client.pods().inNamespace(namespace).withName(podName).get();
        String claim = pod.getSpec().getVolumes().stream().filter(v -> v.getPersistentVolumeClaim() != null)
                .map(v -> v.getPersistentVolumeClaim().getClaimName()).findFirst().orElse("?");
        String now = Instant.now().toString();
        client.v1().events().inNamespace(namespace).resource(new EventBuilder().withNewMetadata()
                .withName(podName + "." + Long.toHexString(System.nanoTime())).withNamespace(namespace).endMetadata()
                .withNewInvolvedObject().withKind("Pod").withNamespace(namespace).withName(podName)
                .withUid(pod.getMetadata().getUid()).endInvolvedObject()
                .withType("Warning").withReason("FailedMount").withFirstTimestamp(now).withLastTimestamp(now).withCount(1)
                .withNewSource().withComponent("kubelet").withHost(pod.getSpec().getNodeName()).endSource()
                .withMessage("MountVolume.SetUp failed for volume \"" + claim + "\" : mount failed: exit status 32\n"
                        + "Mounting command: mount\nMounting arguments: -t nfs -o vers=4.1,noresvport 10.43.0.10:/"
                        + claim + " /var/lib/kubelet/pods/" + pod.getMetadata().getUid() + "/volumes/mount\n"
                        + "Output: mount: /var/lib/kubelet/pods/" + pod.getMetadata().getUid() + "/volumes/mount: bad "
                        + "option; for several filesystems (e.g. nfs, cifs) you might need a /sbin/mount.<type> helper "
                        + "program.").build()).create();
        log("kubelet " + pod.getSpec().getNodeName(), "FailedMount for pod " + namespace + "/" + podName
                + ": no NFS mount helper on this node");
    }

    // --- Job controller + kubelet: migration Jobs run for real ----------------------------------------------------

    private void runJobs() {
        for (Job job : client.batch().v1().jobs().inAnyNamespace().list().getItems()) {
            if (job.getStatus() != null && (job.getStatus().getSucceeded() != null || job.getStatus().getFailed() != null
                    || job.getStatus().getActive() != null)) {
                continue;
            }
            if (startedJobs.add(job.getMetadata().getUid())) {
                jobs.execute(() -> runJob(job));
            }
        }
    }

    private void runJob(Job job) {
        String ns = job.getMetadata().getNamespace();
        String name = job.getMetadata().getName();
        try {
            setJobStatus(ns, name, new JobStatusBuilder().withActive(1).withStartTime(Instant.now().toString()).build());
            var spec = job.getSpec().getTemplate().getSpec();
            var container = spec.getContainers().get(0);
            Map<String, Path> mounts = new HashMap<>();
            for (var m : container.getVolumeMounts()) {
                spec.getVolumes().stream().filter(v -> v.getName().equals(m.getName()) && v.getPersistentVolumeClaim() != null)
                        .findFirst().ifPresent(v -> mounts.put(m.getMountPath(), dirOf(ns, v.getPersistentVolumeClaim().getClaimName())));
            }
            int backoffLimit = job.getSpec().getBackoffLimit() == null ? 6 : job.getSpec().getBackoffLimit();
            for (int attempt = 1; attempt <= backoffLimit + 1; attempt++) {
                Path summary = Files.createTempFile("termination-log", ".json");
                List<String> command = new ArrayList<>(container.getCommand());
                if (container.getArgs() != null) {
                    command.addAll(container.getArgs());
                }
                ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
                for (EnvVar e : container.getEnv()) {
                    String value = e.getValue();
                    // the container's mount paths are these local directories here
                    Path mapped = value == null ? null : mounts.get(value);
                    pb.environment().put(e.getName(), mapped != null ? mapped.toString() : value);
                }
                pb.environment().put("RWX_SUMMARY", summary.toString());
                log("kubelet", "Job " + ns + "/" + name + " attempt " + attempt + ": running its container command on "
                        + mounts);
                // the attempt's pod runs while the command runs; what the command prints is the pod's log
                String podName = name + "-" + UUID.randomUUID().toString().substring(0, 5);
                Map<String, String> labels = new HashMap<>(job.getSpec().getTemplate().getMetadata().getLabels());
                labels.put("job-name", name);
                Pod pod = client.resource(new PodBuilder().withNewMetadata().withName(podName).withNamespace(ns)
                        .withLabels(labels).endMetadata().withSpec(spec).withNewStatus().withPhase("Running")
                        .withStartTime(Instant.now().toString()).endStatus().build()).create();
                Process p = pb.start();
                StringBuilder output = new StringBuilder();
                byte[] buffer = new byte[8192];
                for (int n; (n = p.getInputStream().read(buffer)) > 0; ) {
                    String chunk = new String(buffer, 0, n, java.nio.charset.StandardCharsets.UTF_8);
                    output.append(chunk);
                    if (podLogs != null) {
                        podLogs.append(ns, podName, chunk);
                    }
                }
                int exit = p.waitFor();
                String message = Files.readString(summary).trim();
                Files.deleteIfExists(summary);
                // terminationMessagePolicy FallbackToLogsOnError: an empty message becomes the log's tail
                String tail = output.length() > 2048 ? output.substring(output.length() - 2048) : output.toString();
                pod.getStatus().setPhase(exit == 0 ? "Succeeded" : "Failed");
                pod.getStatus().setContainerStatuses(List.of(new ContainerStatusBuilder().withName(container.getName())
                        .withNewState().withNewTerminated().withExitCode(exit).withMessage(message.isEmpty() ? tail
                                : message).endTerminated().endState().build()));
                client.pods().inNamespace(ns).resource(pod).updateStatus();
                if (exit == 0) {
                    setJobStatus(ns, name, new JobStatusBuilder().withSucceeded(1).withFailed(attempt - 1)
                            .withCompletionTime(Instant.now().toString()).withConditions(new JobConditionBuilder()
                                    .withType("Complete").withStatus("True").build()).build());
                    log("job controller", "Job " + ns + "/" + name + " complete: " + message);
                    return;
                }
                log("job controller", "Job " + ns + "/" + name + " attempt " + attempt + " failed (exit " + exit + "): "
                        + tail.trim());
                setJobStatus(ns, name, new JobStatusBuilder().withActive(attempt <= backoffLimit ? 1 : 0)
                        .withFailed(attempt).build());
            }
            setJobStatus(ns, name, new JobStatusBuilder().withFailed(backoffLimit + 1).withConditions(
                    new JobConditionBuilder().withType("Failed").withStatus("True").withReason("BackoffLimitExceeded")
                            .withMessage("Job has reached the specified backoff limit").build()).build());
        } catch (IOException | RuntimeException e) {
            log("job controller", "Job " + ns + "/" + name + " could not run: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Writes a Job's status as the Job controller does: read, change, write with that read's resourceVersion; a write
     * that lost a race with another writer of the Job (409: migration-service annotating it, say) is read and tried
     * again, as a controller requeues it.
     */
    private void setJobStatus(String ns, String name, io.fabric8.kubernetes.api.model.batch.v1.JobStatus status) {
        for (int attempt = 1; ; attempt++) {
            try {
                client.batch().v1().jobs().inNamespace(ns).withName(name).editStatus(j -> {
                    j.setStatus(status);
                    return j;
                });
                return;
            } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
                if (e.getCode() != 409 || attempt == 10) {
                    throw e;
                }
            }
        }
    }

    /**
     * The {@code n}th address of the simulated 10.43.0.0/16 service range: 10.43.0.10, ..., 10.43.0.255, 10.43.1.0, ...
     * (it wrote 10.43.0.904 once more than 245 Services existed).
     */
    static String clusterIp(int n) {
        return "10.43." + (n / 256) + "." + (n % 256);
    }

    static void log(String actor, String message) {
        System.out.printf("%s [simulated %s] %s%n", Instant.now(), actor, message);
    }
}
