package io.rwx.volumewatcher.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Configuration of volume-watcher (prefix {@code rwx.watcher}). */
@ConfigMapping(prefix = "rwx.watcher")
public interface WatcherConfig {

    /** Namespace of Volumes, ShareManagers, share-manager pods and the leader Lease. */
    @WithDefault("longhorn-system")
    String systemNamespace();

    /** Cluster name used in the CloudEvents source: {@code //rwx/<cluster>/volume-watcher}. */
    @WithDefault("local")
    String cluster();

    /** Period of the full {@code volume.observed} snapshot of every RWX volume (also sent on becoming leader). */
    @WithDefault("5m")
    Duration resyncPeriod();

    /** Name of the leader-election Lease. */
    @WithDefault("rwx-volume-watcher")
    String leaseName();

    /** This replica's identity in the Lease (default: the pod name from HOSTNAME, else a random id). */
    Optional<String> identity();

    @WithDefault("15s")
    Duration leaseDuration();

    @WithDefault("10s")
    Duration renewDeadline();

    @WithDefault("2s")
    Duration retryPeriod();

    default String source() {
        return "//rwx/" + cluster() + "/volume-watcher";
    }
}
