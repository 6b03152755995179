package io.rwx.sharemanager;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.rwx.events.node.NfsClientMissing;
import io.rwx.sharemanager.kubernetes.ClaimGateway;
import io.rwx.sharemanager.kubernetes.EventRecorder;
import io.rwx.sharemanager.kubernetes.NodeGateway;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Turns {@code node.nfs-client-missing} into Warning Events on the Node and on the workload's PVC that name the
 * package to install. One Event per node (its count grows), not one per failed mount.
 */
@ApplicationScoped
public class NfsClientWarnings {

    private static final Logger LOG = Logger.getLogger(NfsClientWarnings.class);
    static final String REASON = "NFSClientMissing";

    private final NodeGateway nodes;
    private final ClaimGateway claims;
    private final EventRecorder kubeEvents;

    public NfsClientWarnings(NodeGateway nodes, ClaimGateway claims, EventRecorder kubeEvents) {
        this.nodes = nodes;
        this.claims = claims;
        this.kubeEvents = kubeEvents;
    }

    public void warn(NfsClientMissing missing) {
        String message = "node " + missing.node() + " cannot mount RWX volumes: the NFS client is missing ("
                + missing.remedy() + ")";
        LOG.warnf("volume %s: %s (pod %s/%s)", missing.volume(), message, missing.namespace(), missing.pod());
        nodes.get(missing.node()).ifPresent((Node node) -> kubeEvents.warning(node, REASON, message, missing.node()));
        if (missing.pvc() != null) {
            PersistentVolumeClaim pvc = claims.getClaim(missing.namespace(), missing.pvc());
            if (pvc != null) {
                kubeEvents.warning(pvc, REASON, "pod " + missing.pod() + " cannot mount this volume: " + message,
                        missing.node());
            }
        }
    }
}
