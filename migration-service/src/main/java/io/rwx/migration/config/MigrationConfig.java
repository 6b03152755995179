package io.rwx.migration.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Configuration of migration-service (prefix {@code rwx.migration}). */
@ConfigMapping(prefix = "rwx.migration")
public interface MigrationConfig {

    /** Cluster name used in the CloudEvents source: {@code //rwx/<cluster>/migration-service}. */
    @WithDefault("local")
    String cluster();

    /** Image of the copy container: needs /bin/sh, rsync (3.1+, with ACL/xattr support), sed, grep, tee. */
    @WithDefault("docker.io/instrumentisto/rsync-ssh:alpine3.20")
    String image();

    /** How long a succeeded Job is kept before it is deleted. Failed Jobs are kept for inspection. */
    @WithDefault("10m")
    Duration successTtl();

    /** Period of progress events for running migrations (and of the cleanup pass). */
    @WithDefault("30s")
    Duration progressInterval();

    /** Finished migrations remembered for GET after their Job is gone (per process). */
    @WithDefault("500")
    int historySize();

    /**
     * Cap on each copy's read rate in KiB/s (rsync --bwlimit), so a migration does not saturate the old NFS server
     * whose other clients still use it. 0: no cap.
     */
    @WithDefault("0")
    int bandwidthLimit();

    /** Namespace of the history ConfigMap (the service's own; the deployment sets RWX_SYSTEM_NAMESPACE). */
    @WithDefault("longhorn-system")
    String historyNamespace();

    /**
     * Producers allowed to request migrations over Kafka: {@code <source>=<namespace>[|<namespace>...]} or
     * {@code <source>=*}. Default: none (API requests are authorised per caller instead; Kafka write access must be
     * limited with broker ACLs too).
     */
    java.util.Optional<java.util.List<String>> trustedSources();

    default String source() {
        return "//rwx/" + cluster() + "/migration-service";
    }
}
