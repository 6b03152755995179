package io.rwx.failover;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rwx.crds.Setting;
import io.rwx.crds.Volume;
import io.rwx.testing.Fixtures;

import java.time.Instant;
import java.util.function.Consumer;

/**
 * Builds failover scenarios on the mock API server and plays, explicitly, what the kubelet and the workload
 * controllers of a real cluster would do (pod phases, readiness, recreation).
 */
final class FailoverScenario {

    final KubernetesClient client;
    final String volume;
    final String namespace;
    final String pvc;

    FailoverScenario(KubernetesClient client, String volume, String namespace) {
        this.client = client;
        this.volume = volume;
        this.namespace = namespace;
        this.pvc = volume + "-data";
    }

    /** An RWX volume, its PV and PVC, two Ready nodes, and a Running and Ready share-manager on node-1. */
    Pod create() {
        client.resources(Volume.class).resource(Fixtures.rwxVolume(volume)).create();
        return createAroundVolume();
    }

    /** What {@link #create()} makes around a volume that exists already. */
    Pod createAroundVolume() {
        if (client.namespaces().withName(namespace).get() == null) {
            client.resource(Fixtures.namespace(namespace)).create();
        }
        for (String node : new String[] {"node-1", "node-2"}) {
            if (client.nodes().withName(node).get() == null) {
                client.resource(Fixtures.node(node, true)).create();
            }
        }
        client.resource(Fixtures.persistentVolume(volume, namespace, pvc)).create();
        client.resource(Fixtures.persistentVolumeClaim(namespace, pvc, volume)).create();
        return client.resource(Fixtures.shareManagerPod(volume, "node-1")).create();
    }

    Pod workload(Fixtures.WorkloadPodBuilder builder) {
        return client.resource(builder.build()).create();
    }

    Fixtures.WorkloadPodBuilder pod(String name) {
        return Fixtures.workloadPod(namespace, name, pvc);
    }

    /** Kubelet: the share-manager container exits now and the pod fails (restartPolicy Never). */
    Instant failShareManager() {
        return failShareManager(Instant.now());
    }

    /** Kubelet: the share-manager container exited at {@code at} and the pod fails, as the kubelet records it. */
    Instant failShareManager(Instant at) {
        editPod(Fixtures.SYSTEM_NAMESPACE, "share-manager-" + volume, p -> {
            p.getStatus().setPhase("Failed");
            p.getStatus().getConditions().forEach(c -> {
                c.setStatus("False");
                c.setLastTransitionTime(at.toString());
            });
            p.getStatus().setContainerStatuses(java.util.List.of(new ContainerStatusBuilder()
                    .withName("share-manager").withReady(false).withState(new ContainerStateBuilder()
                            .withNewTerminated().withExitCode(137).withReason("Error").withFinishedAt(at.toString())
                            .endTerminated().build())
                    .build()));
        });
        return at;
    }

    /** share-manager-controller + kubelet: the failed pod is removed and a Running, Ready replacement starts. */
    Pod replaceShareManager(String node) {
        client.pods().inNamespace(Fixtures.SYSTEM_NAMESPACE).withName("share-manager-" + volume).withGracePeriod(0)
                .delete();
        org.awaitility.Awaitility.await().until(() ->
                client.pods().inNamespace(Fixtures.SYSTEM_NAMESPACE).withName("share-manager-" + volume).get() == null);
        return client.resource(Fixtures.shareManagerPod(volume, node)).create();
    }

    void setting(String key, String value) {
        Setting s = client.resources(Setting.class).inNamespace(Fixtures.SYSTEM_NAMESPACE).withName(key).get();
        if (s == null) {
            client.resources(Setting.class).resource(Fixtures.setting(key, value)).create();
        } else {
            s.setValue(value);
            client.resources(Setting.class).resource(s).update();
        }
    }

    Volume volume() {
        return client.resources(Volume.class).inNamespace(Fixtures.SYSTEM_NAMESPACE).withName(volume).get();
    }

    /**
     * The volume's {@code status.remountRequestedAt}, null while it has none. Until a status is written the volume may
     * have none at all: the API server drops the status of a created object (status subresource).
     */
    String stamp() {
        Volume v = volume();
        return v.getStatus() == null ? null : v.getStatus().getRemountRequestedAt();
    }

    Pod get(String name) {
        return client.pods().inNamespace(namespace).withName(name).get();
    }

    void editPod(String ns, String name, Consumer<Pod> change) {
        Pod pod = client.pods().inNamespace(ns).withName(name).get();
        change.accept(pod);
        client.pods().inNamespace(ns).resource(pod).updateStatus();
    }

    static Instant secondsAgo(long s) {
        return Instant.now().minusSeconds(s);
    }
}
