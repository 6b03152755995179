package io.rwx.sharemanager.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.rwx.crds.ShareManager;
import io.rwx.crds.ShareManagerState;
import io.rwx.crds.ShareManagerStatus;
import io.rwx.sharemanager.config.ShareManagerConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Objects;
import java.util.Optional;

/** ShareManager CRs: created when a volume is first in use, kept while the volume is RWX. */
@ApplicationScoped
public class ShareManagerGateway {

    private final KubernetesClient client;
    private final String namespace;

    public ShareManagerGateway(KubernetesClient client, ShareManagerConfig config) {
        this.client = client;
        this.namespace = config.systemNamespace();
    }

    public Optional<ShareManager> get(String volume) {
        return Optional.ofNullable(client.resources(ShareManager.class).inNamespace(namespace).withName(volume).get());
    }

    /** Creates it if absent (a concurrent creation is fine: the existing one is returned). */
    public ShareManager ensure(ShareManager desired) {
        try {
            return client.resources(ShareManager.class).inNamespace(namespace).resource(desired).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return get(desired.getMetadata().getName()).orElseThrow(() -> e);
            }
            throw e;
        }
    }

    /** Writes the status once, only if it changed. */
    public ShareManager setStatus(ShareManager sm, ShareManagerState state, String ownerID, String endpoint) {
        ShareManagerStatus s = sm.getStatus() == null ? new ShareManagerStatus() : sm.getStatus();
        if (s.getState() == state && Objects.equals(s.getOwnerID(), ownerID) && Objects.equals(s.getEndpoint(), endpoint)) {
            return sm;
        }
        s.setState(state);
        s.setOwnerID(ownerID);
        s.setEndpoint(endpoint);
        sm.setStatus(s);
        return client.resources(ShareManager.class).inNamespace(namespace).resource(sm).updateStatus();
    }

    public Outcome delete(String volume) {
        return client.resources(ShareManager.class).inNamespace(namespace).withName(volume).delete().isEmpty()
                ? Outcome.NOOP : Outcome.DELETED;
    }
}
