package io.rwx.migration;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.rwx.events.CloudEvent;
import io.rwx.events.EventData;
import io.rwx.events.EventIds;
import io.rwx.events.EventType;
import io.rwx.events.migration.MigrationFailed;
import io.rwx.events.migration.MigrationProgress;
import io.rwx.events.migration.MigrationRejected;
import io.rwx.events.migration.MigrationStarted;
import io.rwx.events.migration.MigrationSucceeded;
import io.rwx.events.migration.MigrationSummary;
import io.rwx.migration.config.MigrationConfig;
import io.rwx.migration.kubernetes.EventRecorder;
import io.rwx.migration.kubernetes.JobGateway;
import io.rwx.migration.kubernetes.PvcGateway;
import io.rwx.migration.messaging.MigrationEventSink;
import io.rwx.migration.metrics.MigrationMetrics;
import io.rwx.migration.model.ActiveMigration;
import io.rwx.migration.kubernetes.CopySummaries;
import io.rwx.migration.model.JobProgress;
import io.rwx.migration.model.MigrationJobBuilder;
import io.rwx.migration.model.MigrationRequest;
import io.rwx.migration.model.MigrationRequestValidator;
import io.rwx.migration.model.MigrationState;
import io.rwx.migration.model.MigrationView;
import io.rwx.migration.model.Rejection;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Admits migration requests (REST and Kafka alike), creates their Jobs, follows the Jobs with an informer and
 * publishes the lifecycle: started, progress (periodically), succeeded / failed. The Job is the durable state:
 * its labels and annotations say what it migrates and whether its outcome was published, so a restart neither
 * loses nor repeats anything.
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
    private final EventRecorder kubeEvents;
    private final MigrationEventSink sink;
    private final MigrationMetrics metrics;
    private final Clock clock = Clock.systemUTC();
    private final Object admission = new Object();
    private final Map<String, MigrationView> history;
    private final Map<String, Boolean> cancelling = new java.util.concurrent.ConcurrentHashMap<>();
    private AutoCloseable informer;
    private ScheduledExecutorService ticker;

    public MigrationCoordinator(MigrationConfig config, JobGateway jobs, PvcGateway pvcs, EventRecorder kubeEvents,
            MigrationEventSink sink, MigrationMetrics metrics) {
        this.config = config;
        this.jobs = jobs;
        this.pvcs = pvcs;
        this.kubeEvents = kubeEvents;
        this.sink = sink;
        this.metrics = metrics;
        int size = config.historySize();
        this.history = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, MigrationView> eldest) {
                return size() > size;
            }
        });
    }

    void onStart(@Observes StartupEvent startup) {
        informer = jobs.inform(this::onJob, this::onJobDeleted);
        ticker = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "migration-progress"));
        long period = config.progressInterval().toMillis();
        ticker.scheduleWithFixedDelay(this::tickQuietly, period, period, TimeUnit.MILLISECONDS);
    }

    void onStop(@Observes ShutdownEvent shutdown) {
        if (ticker != null) {
            ticker.shutdownNow();
        }
        if (informer != null) {
            try {
                informer.close();
            } catch (Exception e) {
                LOG.debugf("closing the Job informer: %s", e.getMessage());
            }
        }
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
                return new Accepted(view(existing.get()), false);
            }
            String ns = request.sourceNamespace();
            Optional<Rejection> rejection = MigrationRequestValidator.validate(request,
                    pvcs.view(ns, request.sourcePvc()), pvcs.view(ns, request.targetPvc()),
                    pvcs.podsMounting(ns, request.sourcePvc()), activeMigrations());
            if (rejection.isPresent()) {
                return refuse(request.withId(id), rejection.get());
            }
            Job job = jobs.create(MigrationJobBuilder.generateJob(id, request, config.image()));
            LOG.infof("migration %s: Job %s/%s created to copy %s into %s", id, ns, job.getMetadata().getName(),
                    request.sourcePvc(), request.targetPvc());
            reportStarted(job, id);
            metrics.active(activeMigrations().size());
            return new Accepted(view(job), true);
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

    private Refused refuse(MigrationRequest request, Rejection rejection) {
        LOG.infof("migration request %s/%s -> %s refused: %s", request.sourceNamespace(), request.sourcePvc(),
                request.targetPvc(), rejection.message());
        metrics.result(MigrationMetrics.Result.REJECTED);
        if (request.namespace() != null && !request.namespace().isBlank() && request.sourcePvc() != null
                && !request.sourcePvc().isBlank() && request.targetPvc() != null && !request.targetPvc().isBlank()) {
            publish(EventType.MIGRATION_REJECTED, new MigrationRejected(request.migrationId(), request.namespace(),
                    request.sourcePvc(), request.targetPvc(), rejection.reason(), rejection.message()),
                    EventIds.random());
        }
        return new Refused(rejection);
    }

    public Optional<MigrationView> get(String id) {
        Optional<Job> job = jobs.find(id);
        return job.map(this::view).or(() -> Optional.ofNullable(history.get(id)));
    }

    public List<MigrationView> list() {
        Map<String, MigrationView> all = new LinkedHashMap<>(history);
        for (Job job : jobs.listManaged()) {
            MigrationView v = view(job);
            all.put(v.id(), v);
        }
        return new ArrayList<>(all.values());
    }

    /** Cancels a migration that has not finished: its Job is deleted, {@code migration.failed} says Cancelled. */
    public Optional<Cancellation> cancel(String id) {
        Optional<Job> job = jobs.find(id);
        if (job.isEmpty()) {
            return Optional.ofNullable(history.get(id)).map(v -> new Cancellation(v, false));
        }
        MigrationView current = view(job.get());
        if (current.state().finished()) {
            return Optional.of(new Cancellation(current, false));
        }
        cancelling.put(id, true);
        jobs.delete(job.get());
        MigrationView cancelled = current.cancelled(clock.instant());
        history.put(id, cancelled);
        LOG.infof("migration %s: cancelled, Job %s deleted", id, current.job());
        metrics.result(MigrationMetrics.Result.CANCELLED);
        publish(EventType.MIGRATION_FAILED, new MigrationFailed(id, current.namespace(), current.sourcePvc(),
                current.targetPvc(), current.job(), current.attempts(), "Cancelled", "cancelled by request"),
                EventIds.deterministic(EventType.MIGRATION_FAILED, id, "cancelled"));
        metrics.active(activeMigrations().size());
        return Optional.of(new Cancellation(cancelled, true));
    }

    /** Informer: a Job appeared or changed. Publishes its outcome once (recorded on the Job). */
    void onJob(Job job) {
        String id = idOf(job);
        if (id == null) {
            return;
        }
        String reported = annotation(job, MigrationJobBuilder.ANNOTATION_REPORTED);
        if (reported == null) {
            reportStarted(job, id);
        }
        JobProgress progress = JobProgress.of(job);
        if (progress.state() == MigrationState.SUCCEEDED && !"succeeded".equals(reported)) {
            MigrationSummary summary = jobs.terminationMessage(job, id).flatMap(CopySummaries::parse)
                    .orElse(new MigrationSummary(0, 0, 0, 0, 0, null, false));
            MigrationView v = MigrationView.of(job, summary);
            publish(EventType.MIGRATION_SUCCEEDED, new MigrationSucceeded(id, v.namespace(), v.sourcePvc(),
                    v.targetPvc(), v.job(), progress.attempts(), summary),
                    EventIds.deterministic(EventType.MIGRATION_SUCCEEDED, id));
            jobs.annotate(job, MigrationJobBuilder.ANNOTATION_REPORTED, "succeeded");
            history.put(id, v);
            metrics.result(MigrationMetrics.Result.SUCCEEDED);
            metrics.copied(summary.bytesTransferred());
            if (v.createdAt() != null) {
                metrics.duration(Duration.between(v.createdAt(), clock.instant()));
            }
            target(v).ifPresent(pvc -> kubeEvents.normal(pvc, "MigrationSucceeded", "data of PVC " + v.sourcePvc()
                    + " copied into this PVC by migration " + id + " (" + summary.files() + " files, "
                    + summary.bytes() + " bytes" + (summary.verified() ? ", verified" : "") + ")", id));
            LOG.infof("migration %s: succeeded after %d attempt(s): %d files, %d bytes", id, progress.attempts(),
                    summary.files(), summary.bytes());
            metrics.active(activeMigrations().size());
        } else if (progress.state() == MigrationState.FAILED && !"failed".equals(reported)) {
            MigrationView v = MigrationView.of(job, null);
            publish(EventType.MIGRATION_FAILED, new MigrationFailed(id, v.namespace(), v.sourcePvc(), v.targetPvc(),
                    v.job(), progress.attempts(), progress.failureReason() == null ? "Failed" : progress.failureReason(),
                    progress.failureMessage()), EventIds.deterministic(EventType.MIGRATION_FAILED, id));
            jobs.annotate(job, MigrationJobBuilder.ANNOTATION_REPORTED, "failed");
            history.put(id, v);
            metrics.result(MigrationMetrics.Result.FAILED);
            target(v).ifPresent(pvc -> kubeEvents.warning(pvc, "MigrationFailed", "migration " + id + " from PVC "
                    + v.sourcePvc() + " failed after " + progress.attempts() + " attempt(s): "
                    + progress.failureReason() + "; Job " + v.job() + " is kept for inspection", id));
            LOG.warnf("migration %s: failed after %d attempt(s): %s", id, progress.attempts(), progress.failureReason());
            metrics.active(activeMigrations().size());
        }
    }

    /** Informer: a Job is gone. If nobody cancelled it and its outcome was not published, it failed. */
    void onJobDeleted(Job job) {
        String id = idOf(job);
        if (id == null || cancelling.remove(id) != null) {
            return;
        }
        String reported = annotation(job, MigrationJobBuilder.ANNOTATION_REPORTED);
        if ("succeeded".equals(reported) || "failed".equals(reported)) {
            return;
        }
        MigrationView v = MigrationView.of(job, null);
        history.put(id, v.withState(MigrationState.FAILED, "JobDeleted", "the Job was deleted", clock.instant()));
        metrics.result(MigrationMetrics.Result.FAILED);
        publish(EventType.MIGRATION_FAILED, new MigrationFailed(id, v.namespace(), v.sourcePvc(), v.targetPvc(),
                v.job(), v.attempts(), "JobDeleted", "the Job was deleted before it finished"),
                EventIds.deterministic(EventType.MIGRATION_FAILED, id, "deleted"));
        metrics.active(activeMigrations().size());
    }

    private void reportStarted(Job job, String id) {
        MigrationView v = MigrationView.of(job, null);
        publish(EventType.MIGRATION_STARTED, new MigrationStarted(id, v.namespace(), v.sourcePvc(), v.targetPvc(),
                v.job(), v.options()), EventIds.deterministic(EventType.MIGRATION_STARTED, id));
        jobs.annotate(job, MigrationJobBuilder.ANNOTATION_REPORTED, "started");
    }

    /** Periodic: progress of running migrations, clean-up of succeeded Jobs whose TTL passed. */
    void tick() {
        Instant now = clock.instant();
        for (Job job : jobs.listManaged()) {
            String id = idOf(job);
            MigrationView v = MigrationView.of(job, null);
            if (!v.state().finished()) {
                long elapsed = v.createdAt() == null ? 0 : Duration.between(v.createdAt(), now).toSeconds();
                publish(EventType.MIGRATION_PROGRESS, new MigrationProgress(id, v.namespace(), v.sourcePvc(),
                        v.targetPvc(), v.job(), Math.max(1, v.attempts()), Math.max(0, elapsed), null),
                        EventIds.random());
            } else if (v.state() == MigrationState.SUCCEEDED
                    && "succeeded".equals(annotation(job, MigrationJobBuilder.ANNOTATION_REPORTED))) {
                Instant done = v.completedAt() != null ? v.completedAt() : v.createdAt();
                if (done != null && !now.isBefore(done.plus(config.successTtl()))) {
                    LOG.infof("migration %s: succeeded Job %s deleted after its TTL of %s", id, v.job(),
                            config.successTtl());
                    history.put(id, jobs.terminationMessage(job, id).flatMap(CopySummaries::parse)
                            .map(s -> MigrationView.of(job, s)).orElse(v));
                    jobs.delete(job);
                }
            }
        }
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            LOG.warnf(e, "migration progress pass failed; next in %s", config.progressInterval());
        }
    }

    private List<ActiveMigration> activeMigrations() {
        List<ActiveMigration> active = new ArrayList<>();
        for (Job job : jobs.listManaged()) {
            MigrationView v = MigrationView.of(job, null);
            if (!v.state().finished() && !cancelling.containsKey(v.id())) {
                active.add(new ActiveMigration(v.id(), v.namespace(), v.sourcePvc(), v.targetPvc()));
            }
        }
        return active;
    }

    private MigrationView view(Job job) {
        MigrationView v = MigrationView.of(job, null);
        if (v.state() == MigrationState.SUCCEEDED) {
            return jobs.terminationMessage(job, v.id()).flatMap(CopySummaries::parse)
                    .map(s -> MigrationView.of(job, s)).orElse(v);
        }
        return v;
    }

    private Optional<io.fabric8.kubernetes.api.model.PersistentVolumeClaim> target(MigrationView v) {
        return Optional.ofNullable(pvcs.get(v.namespace(), v.targetPvc()));
    }

    private void publish(EventType type, EventData data, String id) {
        sink.publish(CloudEvent.of(id, config.source(), clock.instant(), data));
    }

    private static String idOf(Job job) {
        return job.getMetadata().getLabels() == null ? null
                : job.getMetadata().getLabels().get(MigrationJobBuilder.LABEL_MIGRATION_ID);
    }

    private static String annotation(Job job, String key) {
        return job.getMetadata().getAnnotations() == null ? null : job.getMetadata().getAnnotations().get(key);
    }
}
