package io.rwx.sharemanager.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rwx.crds.ShareManager;
import io.rwx.crds.ShareManagerStatus;
import io.rwx.kit.kubernetes.Annotations;
import io.rwx.kit.kubernetes.ClusterCache;
import io.rwx.kit.kubernetes.MergePatch;
import io.rwx.kit.kubernetes.Patching;
import io.rwx.kit.kubernetes.ReconcileResult;
import io.rwx.kit.model.ShareManagerFailure;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Objects;

/**
 * ShareManager CRs: created when a volume is first in use, kept while it is RWX. The controller owns the whole
 * object but still writes with merge patches of what changed: its status ({@code state}, {@code ownerID},
 * {@code endpoint}) on the status subresource, and its last-failure record annotation. Other fields (a richer
 * Longhorn ShareManager) stay as they are.
 */
@ApplicationScoped
public class ShareManagerGateway {

    private final KubernetesClient client;
    private final ClusterCache cache;

    public ShareManagerGateway(KubernetesClient client, ClusterCache cache) {
        this.client = client;
        this.cache = cache;
    }

    /**
     * {@code desired == null}: delete. Otherwise create it if absent, then bring the status and the
     * {@link ShareManagerFailure#ANNOTATION} annotation to what {@code desired} carries (a null status field is
     * written as absent; a null annotation is left as is).
     */
    public ReconcileResult<ShareManager> reconcile(String namespace, String name, ShareManager desired) {
        ShareManager current = cache.shareManager(name).orElse(null);
        if (desired == null) {
            if (current == null) {
                return ReconcileResult.noop(null);
            }
            client.resources(ShareManager.class).inNamespace(namespace).withName(name).delete();
            return new ReconcileResult.Deleted<>(current);
        }
        boolean created = false;
        if (current == null) {
            current = create(namespace, name, desired);
            created = true;
        }
        ShareManager now = current;
        String failure = Annotations.get(desired, ShareManagerFailure.ANNOTATION).orElse(null);
        if (failure != null && !failure.equals(Annotations.get(now, ShareManagerFailure.ANNOTATION).orElse(null))) {
            now = Patching.patch(client.resources(ShareManager.class).inNamespace(namespace).resource(now),
                    MergePatch.create().annotation(ShareManagerFailure.ANNOTATION, failure));
        }
        ShareManagerStatus want = desired.getStatus() == null ? new ShareManagerStatus() : desired.getStatus();
        ShareManagerStatus have = now.getStatus() == null ? new ShareManagerStatus() : now.getStatus();
        if (want.getState() != have.getState() || !Objects.equals(want.getOwnerID(), have.getOwnerID())
                || !Objects.equals(want.getEndpoint(), have.getEndpoint())) {
            now = Patching.patchStatus(client.resources(ShareManager.class).inNamespace(namespace).resource(now),
                    MergePatch.create().set("status.state", want.getState() == null ? null : want.getState().value())
                            .set("status.ownerID", want.getOwnerID()).set("status.endpoint", want.getEndpoint()));
        }
        return created ? new ReconcileResult.Created<>(now)
                : now == current ? ReconcileResult.noop(now) : new ReconcileResult.Patched<>(now);
    }

    private ShareManager create(String namespace, String name, ShareManager desired) {
        ShareManager fresh = new ShareManager();
        fresh.setMetadata(desired.getMetadata());
        fresh.setSpec(desired.getSpec());
        fresh.setStatus(null);
        try {
            return client.resources(ShareManager.class).inNamespace(namespace).resource(fresh).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return client.resources(ShareManager.class).inNamespace(namespace).withName(name).require();
            }
            throw e;
        }
    }
}
