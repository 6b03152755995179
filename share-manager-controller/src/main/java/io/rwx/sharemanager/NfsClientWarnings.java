package io.rwx.sharemanager;

import io.rwx.events.node.NfsClientMissing;
import io.rwx.kit.kubernetes.ClusterCache;
import io.rwx.sharemanager.kubernetes.EventRecorder;
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

    private final ClusterCache cache;
    private final EventRecorder kubeEvents;

    public NfsClientWarnings(ClusterCache cache, EventRecorder kubeEvents) {
        this.cache = cache;
        this.kubeEvents = kubeEvents;
    }

    public void warn(NfsClientMissing missing) {
        String message = "node " + missing.node() + " cannot mount RWX volumes: the NFS client is missing ("
                + missing.remedy() + ")";
        LOG.warnf("volume %s: %s (pod %s/%s)", missing.volume(), message, missing.namespace(), missing.pod());
        cache.node(missing.node()).ifPresent(node -> kubeEvents.warning(node, REASON, message, missing.node()));
        if (missing.pvc() != null) {
            cache.claim(missing.namespace(), missing.pvc()).ifPresent(pvc -> kubeEvents.warning(pvc, REASON,
                    "pod " + missing.pod() + " cannot mount this volume: " + message, missing.node()));
        }
    }
}
