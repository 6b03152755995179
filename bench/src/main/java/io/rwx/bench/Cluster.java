package io.rwx.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.rwx.crds.Volume;
import io.rwx.localstack.Stack;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The benchmarks' view of the stack's API server: watches that timestamp what happens (a pod added, a pod's
 * deletion, a volume's remount stamp), and the harness's fast kubelet, which marks a new share-manager pod Running
 * and Ready the moment it is created (B1 and B2 measure the control plane, not the simulator's 250 ms polling).
 */
final class Cluster implements AutoCloseable {

    static final String SYSTEM = "longhorn-system";

    final KubernetesClient client;
    /** Pod uid -> when it was first seen, and when its deletion was first seen. */
    final Map<String, Long> added = new ConcurrentHashMap<>();
    final Map<String, Long> deleted = new ConcurrentHashMap<>();
    /** Volume name -> (remountRequestedAt value -> when it was first seen). */
    final Map<String, Map<String, Long>> stamps = new ConcurrentHashMap<>();
    /** Pod uid -> when the pod was first seen Failed. */
    final Map<String, Long> failedSeen = new ConcurrentHashMap<>();
    private final java.util.concurrent.ExecutorService kubelet = java.util.concurrent.Executors.newFixedThreadPool(4);
    private final SharedIndexInformer<Pod> pods;
    private final SharedIndexInformer<Volume> volumes;

    Cluster(Stack stack) throws IOException {
        client = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(Files.readString(stack.kubeconfig())))
                .build();
        pods = client.pods().inAnyNamespace().inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                long now = System.nanoTime();
                added.putIfAbsent(uid(pod), now);
                fastKubelet(pod);
                onUpdate(null, pod);
            }

            @Override
            public void onUpdate(Pod old, Pod pod) {
                long now = System.nanoTime();
                if (pod.getMetadata().getDeletionTimestamp() != null) {
                    deleted.putIfAbsent(uid(pod), now);
                }
                if (pod.getStatus() != null && "Failed".equals(pod.getStatus().getPhase())) {
                    failedSeen.putIfAbsent(uid(pod), now);
                }
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                deleted.putIfAbsent(uid(pod), System.nanoTime());
            }
        }, 0);
        volumes = client.resources(Volume.class).inNamespace(SYSTEM).inform(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Volume v) {
                onUpdate(null, v);
            }

            @Override
            public void onUpdate(Volume old, Volume v) {
                String stamp = v.getStatus() == null ? null : v.getStatus().getRemountRequestedAt();
                if (stamp != null) {
                    stamps.computeIfAbsent(v.getMetadata().getName(), k -> new ConcurrentHashMap<>())
                            .putIfAbsent(stamp, System.nanoTime());
                }
            }

            @Override
            public void onDelete(Volume v, boolean unknown) {
            }
        }, 0);
    }

    static String uid(Pod pod) {
        return pod.getMetadata().getUid();
    }

    /** A share-manager pod is Running and Ready as soon as it exists (on the node the controller chose, or node-2). */
    private void fastKubelet(Pod pod) {
        if (!SYSTEM.equals(pod.getMetadata().getNamespace()) || !pod.getMetadata().getName().startsWith("share-manager-")
                || pod.getStatus() != null && "Running".equals(pod.getStatus().getPhase())) {
            return;
        }
        kubelet.execute(() -> {
            // the simulator's scheduler may write the same pod meanwhile: a conflict (409) is tried again at once
            for (int attempt = 0; attempt < 5 && !markRunning(pod); attempt++) {
                Thread.onSpinWait();
            }
        });
    }

    /** True when done (or nothing to do), false after a write that lost a race. */
    private boolean markRunning(Pod pod) {
        try {
            Pod current = client.pods().inNamespace(SYSTEM).withName(pod.getMetadata().getName()).get();
            if (current == null || !uid(current).equals(uid(pod))) {
                return true;
            }
            if (current.getSpec().getNodeName() == null) {
                String node = readyNode();
                current = client.pods().inNamespace(SYSTEM).resource(current).edit(p -> {
                    p.getSpec().setNodeName(node);
                    return p;
                });
            }
            String now = Instant.now().toString();
            if (current.getStatus() == null) { // a pod just created has no status yet
                current.setStatus(new io.fabric8.kubernetes.api.model.PodStatus());
            }
            current.getStatus().setPhase("Running");
            current.getStatus().setStartTime(now);
            current.getStatus().setPodIP("10.42.9." + (Math.abs(uid(pod).hashCode()) % 250 + 1));
            List<PodCondition> conditions = List.of(
                    new PodConditionBuilder().withType("Ready").withStatus("True").withLastTransitionTime(now).build(),
                    new PodConditionBuilder().withType("ContainersReady").withStatus("True").withLastTransitionTime(now).build());
            current.getStatus().setConditions(conditions);
            current.getStatus().setContainerStatuses(current.getSpec().getContainers().stream().map(c ->
                    new io.fabric8.kubernetes.api.model.ContainerStatusBuilder().withName(c.getName()).withReady(true)
                            .withNewState().withNewRunning().withStartedAt(now).endRunning().endState().build()).toList());
            client.pods().inNamespace(SYSTEM).resource(current).updateStatus();
            return true;
        } catch (io.fabric8.kubernetes.client.KubernetesClientException e) {
            return e.getCode() != 409; // anything else: the simulator's kubelet marks it Running on its next pass
        }
    }

    /** The node the fast kubelet runs share-managers on: node-2 while it is Ready (B2 fails it), else node-3. */
    private String readyNode() {
        var node2 = client.nodes().withName("node-2").get();
        boolean ready = node2 != null && node2.getStatus().getConditions().stream()
                .anyMatch(c -> "Ready".equals(c.getType()) && "True".equals(c.getStatus()));
        return ready ? "node-2" : "node-3";
    }

    /**
     * Runs {@code task(0..n-1)} on 4 threads: setting up thousands of objects one round trip after the other leaves
     * the API server waiting for the harness (set-up only, never a measured step).
     */
    static void inParallel(int n, java.util.function.IntConsumer task) throws InterruptedException {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<?>> done = new java.util.ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                done.add(pool.submit(() -> task.accept(index)));
            }
            for (java.util.concurrent.Future<?> f : done) {
                f.get();
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("set-up failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /** Waits (polling the watches' view every 5 ms) until {@code condition} holds or {@code timeoutMillis} passed. */
    static boolean await(long timeoutMillis, java.util.function.BooleanSupplier condition) throws InterruptedException {
        return await(timeoutMillis, 5, condition);
    }

    /**
     * Waits until {@code condition} holds, polling every {@code pollMillis}: 5 ms for what the watches show, more for
     * a condition that asks a server (the API server, a service's metrics, the broker): the harness must not be
     * the load it measures.
     */
    static boolean await(long timeoutMillis, long pollMillis, java.util.function.BooleanSupplier condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(pollMillis);
        }
        return condition.getAsBoolean();
    }

    List<Pod> cachedPods(Predicate<Pod> matching) {
        return pods.getStore().list().stream().filter(matching).toList();
    }

    List<Volume> cachedVolumes() {
        return volumes.getStore().list();
    }

    @Override
    public void close() {
        kubelet.shutdownNow();
        pods.close();
        volumes.close();
        client.close();
    }
}
