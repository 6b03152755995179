package io.rwx.bench;

import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rwx.crds.AccessMode;
import io.rwx.crds.Volume;
import io.rwx.localstack.Stack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * B1 (failover latency of one volume with 10 workload pods, episode after episode) and B2 (a node carrying many
 * share-managers fails), each beside the same API calls made directly by one client.
 */
final class Failovers {

    private final Stack stack;
    private final Cluster cluster;
    private final KubernetesClient client;
    private final HttpClient http = HttpClient.newHttpClient();

    Failovers(Stack stack, Cluster cluster) {
        this.stack = stack;
        this.cluster = cluster;
        this.client = cluster.client;
    }

    // --- setup -------------------------------------------------------------------------------------------

    /** RWX PVCs {@code prefix-i} in {@code ns}, each mounted by {@code pods} bare pods; returns PVC -> volume. */
    Map<String, String> volumes(String ns, String prefix, int count, int pods) throws Exception {
        if (client.namespaces().withName(ns).get() == null) {
            client.resource(new NamespaceBuilder().withNewMetadata().withName(ns).endMetadata().build()).create();
        }
        Cluster.inParallel(count, i -> client.resource(new io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder()
                .withNewMetadata().withName(prefix + "-" + i).withNamespace(ns).endMetadata().withNewSpec()
                .withAccessModes("ReadWriteMany").withStorageClassName("longhorn").withNewResources()
                .withRequests(Map.of("storage", new io.fabric8.kubernetes.api.model.Quantity("1Gi"))).endResources()
                .endSpec().build()).create());
        Map<String, String> volumeOf = new HashMap<>();
        Cluster.await(600_000, 200, () -> {
            for (var pvc : client.persistentVolumeClaims().inNamespace(ns).list().getItems()) {
                if (pvc.getMetadata().getName().startsWith(prefix + "-") && pvc.getSpec().getVolumeName() != null) {
                    volumeOf.put(pvc.getMetadata().getName(), pvc.getSpec().getVolumeName());
                }
            }
            return volumeOf.size() == count;
        });
        Cluster.inParallel(count, i -> {
            for (int p = 0; p < pods; p++) {
                workloadPod(ns, prefix + "-" + i + "-w" + p, prefix + "-" + i);
            }
        });
        return volumeOf;
    }

    void workloadPod(String ns, String name, String pvc) {
        client.resource(new PodBuilder().withNewMetadata().withName(name).withNamespace(ns)
                .addNewOwnerReference().withApiVersion("apps/v1").withKind("ReplicaSet").withName("bench-rs")
                .withUid("00000000-0000-0000-0000-0000000bench").withController(true).endOwnerReference()
                .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("busybox:1.36")
                .addNewVolumeMount().withName("d").withMountPath("/d").endVolumeMount().endContainer()
                .addNewVolume().withName("d").withNewPersistentVolumeClaim().withClaimName(pvc).endPersistentVolumeClaim()
                .endVolume().endSpec().build()).create();
    }

    boolean shareRunning(String volume) {
        return cluster.cachedPods(p -> p.getMetadata().getName().equals("share-manager-" + volume)
                && p.getMetadata().getDeletionTimestamp() == null && "Running".equals(phase(p))).size() == 1;
    }

    static String phase(Pod p) {
        return p.getStatus() == null ? null : p.getStatus().getPhase();
    }

    void failPod(String ns, String name) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(stack.controlUrl() + "/pods/" + ns + "/"
                + name + "/fail")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("fail " + name + ": " + r.body());
        }
    }

    /** Services whose liveness check is not UP (a stopped consumer channel makes a service not live). */
    private List<String> notLive() {
        List<String> down = new ArrayList<>();
        for (String s : Stack.SERVICES) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(stack.url(s) + "/q/health/live")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
                    down.add(s);
                }
            } catch (Exception e) {
                down.add(s);
            }
        }
        return down;
    }

    /** CPU used so far by every process of the stack, and by this harness (its watches and fast kubelet). */
    private Map<String, Long> cpu() {
        Map<String, Long> cpu = new java.util.TreeMap<>(stack.cpuMillis());
        cpu.put("benchmark harness", Stack.cpuMillis(ProcessHandle.current().pid()));
        return cpu;
    }

    // --- B1 ----------------------------------------------------------------------------------------------

    record B1(Stats replacement, Stats stamp, Stats deleted, Stats baselineReplacement, Stats baselineStamp,
            Stats baselineDeleted, int lost) {
    }

    B1 b1(int episodes) throws Exception {
        String ns = "bench-b1";
        Map<String, String> vols = volumes(ns, "b1", 1, 0);
        String volume = vols.get("b1-0");
        Stats replacement = new Stats();
        Stats stamp = new Stats();
        Stats deleted = new Stats();
        int lost = 0;
        int generation = 0;
        List<String> workloads = new ArrayList<>();
        // 10 workload pods, each controller-owned (a ReplicaSet the harness plays): all qualify for deletion
        generation = recreate(ns, workloads, generation);
        for (int e = 0; e < episodes; e++) {
            if (!Cluster.await(60_000, () -> shareRunning(volume) && workloads.stream().allMatch(w -> running(ns, w))
                    && episodeCompleted(volume))) {
                throw new IllegalStateException("episode " + e + " of B1 did not settle in 60 s: share-manager running "
                        + shareRunning(volume) + ", workloads running " + workloads.stream().filter(w -> running(ns, w))
                        .count() + "/" + workloads.size() + ", episode completed " + episodeCompleted(volume));
            }
            // a remount stamp has a resolution of one second: pods started in the stamp's second count as started
            // after it; the failure comes in the second after the last workload pod's start, as it would between two
            // real failures
            Instant nextSecond = workloads.stream().map(w -> startTime(ns, w)).max(Instant::compareTo).orElseThrow()
                    .truncatedTo(java.time.temporal.ChronoUnit.SECONDS).plusMillis(1_020);
            Cluster.await(2_000, () -> Instant.now().isAfter(nextSecond));
            Pod sm = client.pods().inNamespace(Cluster.SYSTEM).withName("share-manager-" + volume).get();
            String smUid = sm.getMetadata().getUid();
            Set<String> uids = workloads.stream().map(w -> client.pods().inNamespace(ns).withName(w).get().getMetadata()
                    .getUid()).collect(Collectors.toSet());
            Set<String> stampsBefore = Set.copyOf(cluster.stamps.getOrDefault(volume, Map.of()).keySet());
            failPod(Cluster.SYSTEM, "share-manager-" + volume);
            boolean done = Cluster.await(30_000, () -> uids.stream().allMatch(cluster.deleted::containsKey)
                    && newStamp(volume, stampsBefore) != null && replacementOf(volume, smUid) != null
                    && cluster.added.containsKey(replacementOf(volume, smUid)) && cluster.failedSeen.containsKey(smUid));
            if (!done) {
                lost++;
                continue;
            }
            long failed = cluster.failedSeen.get(smUid);
            replacement.add(ms(cluster.added.get(replacementOf(volume, smUid)) - failed));
            stamp.add(ms(newStamp(volume, stampsBefore) - failed));
            deleted.add(ms(uids.stream().mapToLong(cluster.deleted::get).max().orElseThrow() - failed));
            // the harness's ReplicaSet: the deleted pods are replaced at once
            generation = recreate(ns, workloads, generation);
        }
        // baseline: the same API calls made directly by one client, no Kafka, no services
        Stats bReplacement = new Stats();
        Stats bStamp = new Stats();
        Stats bDeleted = new Stats();
        String bns = "bench-b1-baseline";
        client.resource(new NamespaceBuilder().withNewMetadata().withName(bns).endMetadata().build()).create();
        client.resources(Volume.class).inNamespace(Cluster.SYSTEM).resource(io.rwx.testing.Fixtures.volume("b1-baseline",
                AccessMode.RWO)).create();
        for (int e = 0; e < episodes; e++) {
            List<Pod> pods = new ArrayList<>();
            for (int p = 0; p < 10; p++) {
                pods.add(client.resource(new PodBuilder().withNewMetadata().withName("base-" + e + "-" + p).withNamespace(bns)
                        .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("x").endContainer().endSpec()
                        .build()).create());
            }
            Pod sm = client.resource(new PodBuilder().withNewMetadata().withName("base-sm-" + e).withNamespace(bns)
                    .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("x").endContainer().endSpec()
                    .build()).create();
            sm.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Failed").build());
            client.pods().inNamespace(bns).resource(sm).updateStatus();
            long t0 = System.nanoTime();
            client.resource(new PodBuilder().withNewMetadata().withName("base-sm-" + e + "-r").withNamespace(bns)
                    .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("x").endContainer().endSpec()
                    .build()).create();
            bReplacement.add(ms(System.nanoTime() - t0));
            client.resources(Volume.class).inNamespace(Cluster.SYSTEM).withName("b1-baseline").subresource("status")
                    .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                            io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                            "{\"status\":{\"remountRequestedAt\":\"" + Instant.now() + "\"}}");
            bStamp.add(ms(System.nanoTime() - t0));
            for (Pod p : pods) {
                client.resource(p).delete();
            }
            bDeleted.add(ms(System.nanoTime() - t0));
        }
        return new B1(replacement, stamp, deleted, bReplacement, bStamp, bDeleted, lost);
    }

    private int recreate(String ns, List<String> workloads, int generation) {
        for (String w : workloads) {
            client.pods().inNamespace(ns).withName(w).withGracePeriod(0).delete();
        }
        workloads.clear();
        for (int p = 0; p < 10; p++) {
            String name = "b1-w" + generation + "-" + p;
            workloadPod(ns, name, "b1-0");
            workloads.add(name);
        }
        return generation + 1;
    }

    /** No failover episode open on the volume (its record, failover.rwx.io/episode, says completed or is absent). */
    private boolean episodeCompleted(String volume) {
        Volume v = cluster.cachedVolumes().stream().filter(c -> c.getMetadata().getName().equals(volume)).findFirst()
                .orElse(null);
        String record = v == null || v.getMetadata().getAnnotations() == null ? null
                : v.getMetadata().getAnnotations().get("failover.rwx.io/episode");
        return record == null || record.contains("COMPLETED");
    }

    /** A running pod's status.startTime, as the watch saw it. */
    private Instant startTime(String ns, String name) {
        return cluster.cachedPods(p -> p.getMetadata().getName().equals(name) && ns.equals(p.getMetadata().getNamespace()))
                .stream().map(p -> Instant.parse(p.getStatus().getStartTime())).findFirst().orElseThrow();
    }

    boolean running(String ns, String name) {
        return cluster.cachedPods(p -> p.getMetadata().getName().equals(name) && ns.equals(p.getMetadata().getNamespace())
                && "Running".equals(phase(p))).size() == 1;
    }

    private Long newStamp(String volume, Set<String> before) {
        return cluster.stamps.getOrDefault(volume, Map.of()).entrySet().stream().filter(e -> !before.contains(e.getKey()))
                .map(Map.Entry::getValue).min(Long::compare).orElse(null);
    }

    private String replacementOf(String volume, String failedUid) {
        return cluster.cachedPods(p -> p.getMetadata().getName().equals("share-manager-" + volume)
                && !p.getMetadata().getUid().equals(failedUid)).stream().map(Cluster::uid).findFirst().orElse(null);
    }

    static double ms(long nanos) {
        return nanos / 1e6;
    }

    // --- B2 ----------------------------------------------------------------------------------------------

    record B2(int volumes, int onNode, double allReplacedMs, double allStampedMs, int handledTwice, int lost,
            double baselineMs, int baselineOps, Map<String, Long> cpuMillis, double cpuWindowMs, List<String> notLive) {
    }

    B2 b2(int count) throws Exception {
        Map<String, String> vols = volumes("bench-b2", "b2", count, 1);
        Cluster.await(600_000, 200, () -> vols.values().stream().allMatch(this::shareRunning));
        Map<String, List<String>> byNode = new HashMap<>();
        for (String v : vols.values()) {
            Pod sm = cluster.cachedPods(p -> p.getMetadata().getName().equals("share-manager-" + v)).get(0);
            byNode.computeIfAbsent(sm.getSpec().getNodeName(), n -> new ArrayList<>()).add(v);
        }
        String node = byNode.entrySet().stream().max(Map.Entry.comparingByValue((a, b) -> a.size() - b.size()))
                .orElseThrow().getKey();
        List<String> onNode = byNode.get(node);
        Map<String, String> smUid = new HashMap<>();
        Map<String, Set<String>> stampsBefore = new HashMap<>();
        for (String v : onNode) {
            smUid.put(v, cluster.cachedPods(p -> p.getMetadata().getName().equals("share-manager-" + v)).get(0)
                    .getMetadata().getUid());
            stampsBefore.put(v, Set.copyOf(cluster.stamps.getOrDefault(v, Map.of()).keySet()));
        }
        Map<String, Long> cpuBefore = cpu();
        long t0 = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(stack.controlUrl() + "/nodes/" + node
                + "/fail")).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("fail node " + node + ": " + r.body());
        }
        long[] replaced = {0};
        long[] stamped = {0};
        // one pass over the watched pods per poll (not one per volume: the harness must not be the load it measures);
        // the times themselves are the watch's, not the poll's
        Cluster.await(120_000, 20, () -> {
            Map<String, List<Pod>> byName = cluster.cachedPods(p -> p.getMetadata().getName().startsWith("share-manager-"))
                    .stream().collect(Collectors.groupingBy(p -> p.getMetadata().getName()));
            boolean all = true;
            for (String v : onNode) {
                String failed = smUid.get(v);
                String rep = byName.getOrDefault("share-manager-" + v, List.of()).stream()
                        .filter(p -> !p.getMetadata().getUid().equals(failed)).map(Cluster::uid).findFirst().orElse(null);
                Long st = newStamp(v, stampsBefore.get(v));
                if (rep == null || st == null || !cluster.added.containsKey(rep)) {
                    all = false;
                } else {
                    replaced[0] = Math.max(replaced[0], cluster.added.get(rep));
                    stamped[0] = Math.max(stamped[0], st);
                }
            }
            return all;
        });
        Map<String, Long> cpuUsed = new java.util.TreeMap<>();
        cpu().forEach((k, v) -> cpuUsed.put(k, v - cpuBefore.getOrDefault(k, 0L)));
        // the CPU was read now: its window is the node's failure to this moment, a little longer than the failover
        double cpuWindow = ms(System.nanoTime() - t0);
        int lost = 0;
        int twice = 0;
        for (String v : onNode) {
            if (replacementOf(v, smUid.get(v)) == null || newStamp(v, stampsBefore.get(v)) == null) {
                lost++;
            }
            long newStamps = cluster.stamps.getOrDefault(v, Map.of()).keySet().stream()
                    .filter(s -> !stampsBefore.get(v).contains(s)).count();
            if (newStamps > 1) {
                twice++;
            }
        }
        // baseline: the raw create + patch rate of the same API server, one client
        int ops = onNode.size();
        client.resource(new NamespaceBuilder().withNewMetadata().withName("bench-b2-baseline").endMetadata().build()).create();
        for (int i = 0; i < ops; i++) {
            client.resources(Volume.class).inNamespace(Cluster.SYSTEM).resource(io.rwx.testing.Fixtures.volume(
                    "b2-baseline-" + i, AccessMode.RWO)).create();
        }
        long b0 = System.nanoTime();
        for (int i = 0; i < ops; i++) {
            client.resource(new PodBuilder().withNewMetadata().withName("b2-base-" + i).withNamespace("bench-b2-baseline")
                    .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("x").endContainer().endSpec()
                    .build()).create();
            client.resources(Volume.class).inNamespace(Cluster.SYSTEM).withName("b2-baseline-" + i).subresource("status")
                    .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                            io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE),
                            "{\"status\":{\"remountRequestedAt\":\"" + Instant.now() + "\"}}");
        }
        double baseline = ms(System.nanoTime() - b0);
        return new B2(count, onNode.size(), ms(replaced[0] - t0), ms(stamped[0] - t0), twice, lost, baseline, ops,
                cpuUsed, cpuWindow, notLive());
    }
}
