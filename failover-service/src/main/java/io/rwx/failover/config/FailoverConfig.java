package io.rwx.failover.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;

/** Configuration of failover-service (prefix {@code rwx.failover}); validated at start-up. */
@ConfigMapping(prefix = "rwx.failover")
public interface FailoverConfig {

    /** Namespace of Volumes, ShareManagers, share-manager pods and Settings. */
    @WithDefault("longhorn-system")
    String systemNamespace();

    /** Cluster name used in the CloudEvents source of published events: {@code //rwx/<cluster>/failover-service}. */
    @WithDefault("local")
    String cluster();

    /**
     * CloudEvents sources whose failure reports are acted on without confirmation from the Kubernetes API
     * (comma-separated), e.g. {@code //infra/cmdb}. Empty by default: every report is confirmed first.
     */
    Optional<Set<String>> trustedSources();

    /** How long to wait for a Running and Ready replacement share-manager before reporting the episode stalled. */
    @WithDefault("5m")
    Duration replacementTimeout();

    /**
     * Period of the pass over every volume: open episodes (stall detection, lost events) and failures that no
     * report announced (share-manager-controller's failure record, a failed share-manager pod).
     */
    @WithDefault("10s")
    Duration resyncInterval();

    /** Attempts of a pass that hits 409 conflicts or transient API errors before its trigger is dead-lettered. */
    @WithDefault("5")
    int maxAttempts();

    /** Passes that run at the same time (each volume is in one lane; lanes are shared by hash): mostly waiting for
     * the API server, so more lanes than cores. */
    @WithDefault("16")
    int lanes();

    default String source() {
        return "//rwx/" + cluster() + "/failover-service";
    }

    default boolean isTrusted(String source) {
        return source != null && trustedSources().map(s -> s.contains(source)).orElse(false);
    }
}
