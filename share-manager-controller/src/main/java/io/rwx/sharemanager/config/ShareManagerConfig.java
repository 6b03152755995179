package io.rwx.sharemanager.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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

    /** Cap of the per-volume recreation backoff (a first failure is replaced at once; then 1 s doubling up to this). */
    @WithDefault("2m")
    Duration backoffCap();

    /** Period of the full reconcile of every volume (also done at start-up). */
    @WithDefault("60s")
    Duration resyncInterval();

    /**
     * How long a share-manager keeps running after the last workload stopped using the volume: a rollout or a
     * pod recreated by its controller does not stop and restart the share.
     */
    @WithDefault("30s")
    Duration stopDelay();

    /**
     * While a failover episode is restarting the volume's workloads (its record on the Volume says so), the
     * share-manager is kept running for at most this long even when no workload is left: the episode's own
     * deletions are not "no workloads".
     */
    @WithDefault("5m")
    Duration restartGrace();

    /** Reconciles that run at the same time (each volume is in one lane; lanes are shared by hash): mostly waiting
     * for the API server, so more lanes than cores. */
    @WithDefault("16")
    int lanes();

    /** Attempts of a reconcile that hits conflicts or transient API errors before the trigger is dead-lettered. */
    @WithDefault("5")
    int maxAttempts();

    /** The deployment-specific parts of share-manager pods, validated (a malformed toleration fails start-up). */
    default io.rwx.sharemanager.model.PodSettings podSettings() {
        return new io.rwx.sharemanager.model.PodSettings(image(), serviceAccount().orElse(null), requests(), limits(),
                tolerations().orElse(List.of()).stream().map(ShareManagerConfig::toleration).toList(), nodeSelector(),
                priorityClass().orElse(null));
    }

    /** {@code key=value:Effect} or {@code key:Effect}; rejected when malformed. */
    static io.fabric8.kubernetes.api.model.Toleration toleration(String spec) {
        int colon = spec.lastIndexOf(':');
        if (colon < 1) {
            throw new IllegalArgumentException("rwx.share-manager.tolerations: '" + spec
                    + "' is not key=value:Effect or key:Effect");
        }
        String keyValue = spec.substring(0, colon);
        var t = new io.fabric8.kubernetes.api.model.TolerationBuilder().withEffect(spec.substring(colon + 1));
        int eq = keyValue.indexOf('=');
        return eq < 0 ? t.withKey(keyValue).withOperator("Exists").build()
                : t.withKey(keyValue.substring(0, eq)).withOperator("Equal").withValue(keyValue.substring(eq + 1)).build();
    }

    default String source() {
        return "//rwx/" + cluster() + "/share-manager-controller";
    }
}
