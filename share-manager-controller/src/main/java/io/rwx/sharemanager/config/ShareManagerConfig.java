package io.rwx.sharemanager.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Configuration of share-manager-controller (prefix {@code rwx.share-manager}); validated at start-up. */
@ConfigMapping(prefix = "rwx.share-manager")
public interface ShareManagerConfig {

    /** Namespace of Volumes, ShareManagers, share-manager pods, their Services and Settings. */
    @WithDefault("longhorn-system")
    String systemNamespace();

    /** Cluster name used in the CloudEvents source: {@code //rwx/<cluster>/share-manager-controller}. */
    @WithDefault("local")
    String cluster();

    /** Share-manager image (Longhorn-compatible: args {@code --debug daemon --volume <v>}). */
    @WithDefault("longhornio/longhorn-share-manager:v1.7.2")
    String image();

    /** Service account of share-manager pods. */
    Optional<String> serviceAccount();

    /** Resource requests of the share-manager container, e.g. {@code cpu=100m,memory=128Mi} (none by default). */
    Map<String, String> requests();

    /** Resource limits of the share-manager container (none by default). */
    Map<String, String> limits();

    /** Tolerations as {@code key=value:Effect} or {@code key:Effect} (none by default). */
    Optional<List<String>> tolerations();

    /** Node selector of share-manager pods (none by default). */
    Map<String, String> nodeSelector();

    /** Priority class of share-manager pods. */
    Optional<String> priorityClass();

    /** Cap of the per-volume recreation backoff (1 s doubling up to this). */
    @WithDefault("2m")
    Duration backoffCap();

    /** Period of the full reconcile of every volume (also done at start-up). */
    @WithDefault("60s")
    Duration resyncInterval();

    /** Sources whose {@code sharemanager.failed} reports are acted on directly (the pod is replaced). */
    Optional<Set<String>> trustedSources();

    default String source() {
        return "//rwx/" + cluster() + "/share-manager-controller";
    }

    /** volume-watcher of the same cluster is always trusted; others only when listed. */
    default boolean isTrusted(String source) {
        return ("//rwx/" + cluster() + "/volume-watcher").equals(source)
                || trustedSources().map(s -> s.contains(source)).orElse(false);
    }
}
