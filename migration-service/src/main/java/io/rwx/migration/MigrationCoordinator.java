package io.rwx.migration;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.rwx.events.EventIds;
import io.rwx.events.EventType;
import io.rwx.events.migration.MigrationFailed;
import io.rwx.events.migration.MigrationRejected;
import io.rwx.migration.config.MigrationConfig;
import io.rwx.migration.kubernetes.JobGateway;
import io.rwx.migration.kubernetes.PvcGateway;
import io.rwx.migration.messaging.MigrationEventSink;
import io.rwx.migration.metrics.MigrationMetrics;
import io.rwx.migration.model.MigrationJobBuilder;
import io.rwx.migration.model.MigrationRequest;
import io.rwx.migration.model.MigrationRequestValidator;
import io.rwx.migration.model.MigrationView;
import io.rwx.migration.model.Rejection;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Admits migration requests (REST and Kafka alike) and creates their Jobs, or refuses them with a reason; answers
 * and cancels migrations. {@link MigrationFollower} follows the Jobs from there.
 */
@ApplicationScoped
public class MigrationCoordinator {

    private static final Logger LOG = Logger.getLogger(MigrationCoordinator.class);

    /** The outcome of a request. */
    public sealed interface Admission permits Accepted, Refused {
    }

    public record Accepted(MigrationView migration, boolean created) implements Admission {
    }

    public record Refused(Rejection rejection) implements Admission {
    }

    /** The result of a cancel request: {@code cancelled} is false when the migration had already finished. */
    public record Cancellation(MigrationView migration, boolean cancelled) {
    }

    private final MigrationConfig config;
    private final JobGateway jobs;
    private final PvcGateway pvcs;
    private final MigrationRecords records;
    private final MigrationFollower follower;
    private final MigrationEventSink sink;
    private final MigrationMetrics metrics;
    private final Clock clock = Clock.systemUTC();
    private final Object admission = new Object();

    public MigrationCoordinator(MigrationConfig config, JobGateway jobs, PvcGateway pvcs, MigrationRecords records,
            MigrationFollower follower, MigrationEventSink sink, MigrationMetrics metrics) {
        this.config = config;
        this.jobs = jobs;
        this.pvcs = pvcs;
        this.records = records;
        this.follower = follower;
        this.sink = sink;
        this.metrics = metrics;
    }

    /**
     * Admits a request: validates it against the cluster and creates its Job, or refuses it with a reason (and
     * publishes {@code migration.rejected}). A repeated request with the id of an existing migration returns it.
     */
    public Admission request(MigrationRequest request) {
        synchronized (admission) {
            Optional<Rejection> badNames = MigrationRequestValidator.checkNames(request);
            if (badNames.isPresent()) {
                return refuse(request, badNames.get());
            }
            String id = request.migrationId() != null ? request.migrationId() : newId();
            Optional<Job> existing = jobs.find(id);
            if (existing.isPresent()) {
                return new Accepted(records.view(existing.get()), false);
            }
            String ns = request.sourceNamespace();
            Optional<Rejection> rejection = MigrationRequestValidator.validate(request,
                    pvcs.view(ns, request.sourcePvc()), pvcs.view(ns, request.targetPvc()),
                    pvcs.podsMounting(ns, request.sourcePvc()), pvcs.podsMounting(ns, request.targetPvc()),
                    records.active());
            if (rejection.isPresent()) {
                return refuse(request.withId(id), rejection.get());
            }
            Job job = jobs.create(MigrationJobBuilder.generateJob(id, request, config.image(),
                    config.bandwidthLimit()));
            LOG.infof("migration %s: Job %s/%s created to copy %s into %s (requested by %s)", id, ns,
                    job.getMetadata().getName(), request.sourcePvc(), request.targetPvc(), request.requestedBy());
            follower.reportStarted(job, id);
            metrics.active(records.active().size());
            return new Accepted(records.view(job), true);
        }
    }

    /** The id of a request that came without one: from the event id for Kafka (so redelivery is idempotent). */
    public static String idFor(String eventId) {
        return "m-" + UUID.nameUUIDFromBytes(eventId.getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .toString().replace("-", "").substring(0, 12);
    }

    private static String newId() {
        return "m-" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    /** Refuses a request without looking further (e.g. from an untrusted source): published, nothing created. */
    public Refused refuse(MigrationRequest request, Rejection rejection) {
        LOG.infof("migration request %s/%s -> %s (requested by %s) refused: %s", request.sourceNamespace(),
                request.sourcePvc(), request.targetPvc(), request.requestedBy(), rejection.message());
        metrics.result(MigrationMetrics.Result.REJECTED);
        if (request.namespace() != null && !request.namespace().isBlank() && request.sourcePvc() != null
                && !request.sourcePvc().isBlank() && request.targetPvc() != null && !request.targetPvc().isBlank()) {
            sink.publish(EventType.MIGRATION_REJECTED, new MigrationRejected(request.migrationId(), request.namespace(),
                    request.sourcePvc(), request.targetPvc(), rejection.reason(), rejection.message()),
                    EventIds.random(), request.requestedBy());
        }
        return new Refused(rejection);
    }

    public Optional<MigrationView> get(String id) {
        return records.get(id);
    }

    public List<MigrationView> list() {
        return records.all();
    }

    /** Cancels a migration that has not finished: its Job is deleted, {@code migration.failed} says Cancelled. */
    public Optional<Cancellation> cancel(String id) {
        return cancel(id, null);
    }

    /** As {@link #cancel(String)}, recording who cancelled. */
    public Optional<Cancellation> cancel(String id, String requestedBy) {
        Optional<Job> job = jobs.find(id);
        if (job.isEmpty()) {
            return records.finished(id).map(v -> new Cancellation(v, false));
        }
        MigrationView current = records.view(job.get());
        if (current.state().finished()) {
            return Optional.of(new Cancellation(current, false));
        }
        records.cancelling(id);
        jobs.delete(job.get());
        MigrationView cancelled = current.cancelled(clock.instant());
        records.finished(id, cancelled);
        LOG.infof("migration %s: cancelled, Job %s deleted", id, current.job());
        metrics.result(MigrationMetrics.Result.CANCELLED);
        sink.publish(EventType.MIGRATION_FAILED, new MigrationFailed(id, current.namespace(), current.sourcePvc(),
                current.targetPvc(), current.job(), current.attempts(), "Cancelled", "cancelled by request"),
                EventIds.deterministic(EventType.MIGRATION_FAILED, id, "cancelled"), requestedBy);
        metrics.active(records.active().size());
        return Optional.of(new Cancellation(cancelled, true));
    }
}
