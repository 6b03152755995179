package io.rwx.volumewatcher.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderCallbacks;
import io.fabric8.kubernetes.client.extended.leaderelection.LeaderElectionConfigBuilder;
import io.fabric8.kubernetes.client.extended.leaderelection.resourcelock.LeaseLock;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Kubernetes Lease leader election (fabric8 LeaderElector): exactly one replica publishes; a standby takes over
 * when the leader's lease expires.
 */
public class LeaderElection {

    private static final Logger LOG = Logger.getLogger(LeaderElection.class);

    private final KubernetesClient client;
    private final String namespace;
    private final String leaseName;
    private final String identity;
    private final Duration leaseDuration;
    private final Duration renewDeadline;
    private final Duration retryPeriod;
    private CompletableFuture<?> running;

    public LeaderElection(KubernetesClient client, String namespace, String leaseName, String identity,
            Duration leaseDuration, Duration renewDeadline, Duration retryPeriod) {
        this.client = client;
        this.namespace = namespace;
        this.leaseName = leaseName;
        this.identity = identity;
        this.leaseDuration = leaseDuration;
        this.renewDeadline = renewDeadline;
        this.retryPeriod = retryPeriod;
    }

    public String identity() {
        return identity;
    }

    public synchronized void start(Runnable onStartLeading, Runnable onStopLeading) {
        var config = new LeaderElectionConfigBuilder()
                .withName(leaseName)
                .withLock(new LeaseLock(namespace, leaseName, identity))
                .withLeaseDuration(leaseDuration)
                .withRenewDeadline(renewDeadline)
                .withRetryPeriod(retryPeriod)
                .withReleaseOnCancel(false)
                .withLeaderCallbacks(new LeaderCallbacks(onStartLeading, onStopLeading,
                        leader -> LOG.infof("leader of %s/%s is now %s", namespace, leaseName, leader)))
                .build();
        running = client.leaderElector().withConfig(config).build().start();
    }

    /** Stops campaigning (and leading) without releasing the Lease: a standby takes over when it expires. */
    public synchronized void stop() {
        if (running != null) {
            running.cancel(true);
            running = null;
        }
    }
}
