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

    default String source() {
        return "//rwx/" + cluster() + "/migration-service";
    }
}
