package io.rwx.sharemanager.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rwx.kit.kubernetes.ClusterCache;
import io.rwx.kit.kubernetes.MergePatch;
import io.rwx.kit.kubernetes.Patching;
import io.rwx.kit.kubernetes.ReconcileResult;
import io.rwx.kit.model.ShareManagerPods;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Share-manager pods: created and deleted here, nowhere else. A pod is never updated (its spec is immutable); a
 * failed one is deleted and a new one created.
 */
@ApplicationScoped
public class PodGateway {

    /** What should exist under the pod's name. */
    public sealed interface Desired permits Present, Absent {
    }

    /** This pod, created if none exists. */
    public record Present(Pod pod) implements Desired {
    }

    /**
     * Pod {@code uid} goes (a newer pod of the same name is left alone), with the grace period; {@code stopReason}
     * marks a stop on purpose (the pod is annotated first, so every observer sees it was not a failure); null for a
     * failed pod being replaced.
     */
    public record Absent(String uid, long gracePeriodSeconds, String stopReason) implements Desired {
    }

    private final KubernetesClient client;
    private final ClusterCache cache;

    public PodGateway(KubernetesClient client, ClusterCache cache) {
        this.client = client;
        this.cache = cache;
    }

    public ReconcileResult<Pod> reconcile(String namespace, String name, Desired desired) {
        if (desired instanceof Present present) {
            Pod cached = cache.pod(namespace, name).orElse(null);
            if (cached != null) {
                return ReconcileResult.noop(cached);
            }
            try {
                return new ReconcileResult.Created<>(client.pods().inNamespace(namespace).resource(present.pod()).create());
            } catch (KubernetesClientException e) {
                if (e.getCode() == 409) {
                    return ReconcileResult.noop(client.pods().inNamespace(namespace).withName(name).get());
                }
                throw e;
            }
        }
        Absent absent = (Absent) desired;
        // freshness rule: a deletion re-reads the one object it acts on
        Pod current = client.pods().inNamespace(namespace).withName(name).get();
        if (current == null || !current.getMetadata().getUid().equals(absent.uid())
                || current.getMetadata().getDeletionTimestamp() != null) {
            return ReconcileResult.noop(current);
        }
        if (absent.stopReason() != null && ShareManagerPods.stopReason(current) == null) {
            current = Patching.patch(client.pods().inNamespace(namespace).resource(current), MergePatch.create()
                    .annotation(ShareManagerPods.STOP_ANNOTATION, absent.stopReason()));
        }
        client.pods().inNamespace(namespace).withName(name).withGracePeriod(absent.gracePeriodSeconds()).delete();
        return new ReconcileResult.Deleted<>(current);
    }
}
