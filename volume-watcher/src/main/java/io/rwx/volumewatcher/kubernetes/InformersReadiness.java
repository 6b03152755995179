package io.rwx.volumewatcher.kubernetes;

import io.rwx.volumewatcher.VolumeWatcherService;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only once every informer has synced its initial list. */
@Readiness
@ApplicationScoped
public class InformersReadiness implements HealthCheck {

    private final VolumeWatcherService service;

    public InformersReadiness(VolumeWatcherService service) {
        this.service = service;
    }

    @Override
    public HealthCheckResponse call() {
        boolean synced = service.watcher() != null && service.watcher().synced();
        return HealthCheckResponse.named("informers").status(synced)
                .withData("leader", service.watcher() != null && service.watcher().isLeader()).build();
    }
}
