package io.rwx.sharemanager;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.rwx.crds.ShareManager;
import io.rwx.crds.ShareManagerState;
import io.rwx.crds.Volume;
import io.rwx.crds.VolumeState;
import io.rwx.events.CloudEvent;
import io.rwx.events.EventIds;
import io.rwx.testing.Fixtures;
import io.rwx.testing.kafka.EventTestClient;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

import static org.awaitility.Awaitility.await;

/**
 * What the rest of a cluster does around share-manager-controller, played explicitly by the tests: volume-watcher
 * (a {@code volume.observed} after each change), the scheduler (pod nodeName), the API server's ClusterIP
 * allocation, the storage layer (attachment, written as a merge patch so Longhorn's other status fields stay) and
 * the kubelet (pod phase and readiness).
 */
final class PlayedCluster {

    static final Duration TIMEOUT = Duration.ofSeconds(30);
    static final String SYS = Fixtures.SYSTEM_NAMESPACE;
    static final String WATCHER = "//rwx/local/volume-watcher";

    final KubernetesClient client;
    final EventTestClient kafka;

    PlayedCluster(KubernetesClient client, EventTestClient kafka) {
        this.client = client;
        this.kafka = kafka;
        for (String node : List.of("node-1", "node-2", "node-3")) {
            if (client.nodes().withName(node).get() == null) {
                client.resource(Fixtures.node(node, true)).create();
            }
        }
    }

    void namespace(String ns) {
        if (client.namespaces().withName(ns).get() == null) {
            client.resource(Fixtures.namespace(ns)).create();
        }
    }

    /** PV and PVC (ReadWriteMany) bound to the volume, and a pod that mounts the PVC. */
    void claimInUse(String volume, String ns) {
        namespace(ns);
        client.resource(Fixtures.persistentVolume(volume, ns, volume + "-data")).create();
        client.resource(Fixtures.persistentVolumeClaim(ns, volume + "-data", volume)).create();
        client.resource(Fixtures.workloadPod(ns, volume + "-app", volume + "-data").build()).create();
    }

    void observed(String volume) {
        kafka.publish(CloudEvent.of(EventIds.random(), WATCHER, Instant.now(), new io.rwx.events.volume.VolumeObserved(
                volume, null, io.rwx.events.common.AccessMode.RWX, null, null, null, null, null, null, null, null,
                List.of(), null, "1")));
    }

    void assignClusterIP(String volume, String ip) {
        Service s = service(volume);
        s.getSpec().setClusterIP(ip);
        s.getSpec().setClusterIPs(List.of(ip));
        client.services().inNamespace(SYS).resource(s).update();
    }

    /** Scheduler, storage layer and kubelet: the pod lands on the node, the volume attaches, the pod is Ready. */
    void runShareManagerOn(String volume, String node) {
        Pod pod = smPod(volume);
        pod.getSpec().setNodeName(node);
        client.pods().inNamespace(SYS).resource(pod).update();
        observed(volume);
        await().atMost(TIMEOUT).until(() -> node.equals(volume(volume).getSpec().getNodeID()));
        setVolumeState(volume, VolumeState.ATTACHED, node);
        editPod(volume, p -> {
            p.getStatus().setPhase("Running");
            p.getStatus().setStartTime(Instant.now().toString());
            p.getStatus().setConditions(List.of(new PodConditionBuilder().withType("Ready").withStatus("True").build()));
        });
        observed(volume);
    }

    /** The storage layer's part of the status, as a merge patch. */
    void setVolumeState(String name, VolumeState state, String node) {
        client.resources(Volume.class).inNamespace(SYS).withName(name).subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"state\":\"" + state.value()
                        + "\",\"currentNodeID\":" + (node == null ? "\"\"" : "\"" + node + "\"") + "}}");
    }

    void editPod(String volume, Consumer<Pod> change) {
        Pod pod = smPod(volume);
        if (pod.getStatus() == null) {
            pod.setStatus(new io.fabric8.kubernetes.api.model.PodStatus());
        }
        change.accept(pod);
        client.pods().inNamespace(SYS).resource(pod).updateStatus();
    }

    ShareManager sm(String v) {
        return client.resources(ShareManager.class).inNamespace(SYS).withName(v).get();
    }

    ShareManagerState state(String v) {
        ShareManager sm = sm(v);
        return sm == null || sm.getStatus() == null ? null : sm.getStatus().getState();
    }

    Pod smPod(String v) {
        return client.pods().inNamespace(SYS).withName("share-manager-" + v).get();
    }

    Service service(String v) {
        return client.services().inNamespace(SYS).withName(v).get();
    }

    Volume volume(String v) {
        return client.resources(Volume.class).inNamespace(SYS).withName(v).get();
    }

    List<Event> warnings(String ns, String name) {
        return client.v1().events().inNamespace(ns).list().getItems().stream()
                .filter(e -> "Warning".equals(e.getType()) && name.equals(e.getInvolvedObject().getName())).toList();
    }

    List<Event> nodeWarnings(String node) {
        return client.v1().events().inAnyNamespace().list().getItems().stream()
                .filter(e -> "Node".equals(e.getInvolvedObject().getKind()) && node.equals(e.getInvolvedObject().getName()))
                .toList();
    }
}
