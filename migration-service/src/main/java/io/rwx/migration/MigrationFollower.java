package io.rwx.migration;

import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.rwx.events.EventIds;
import io.rwx.events.EventType;
import io.rwx.events.migration.MigrationFailed;
import io.rwx.events.migration.MigrationProgress;
import io.rwx.events.migration.MigrationStarted;
import io.rwx.events.migration.MigrationSucceeded;
import io.rwx.events.migration.MigrationSummary;
import io.rwx.migration.config.MigrationConfig;
import io.rwx.migration.kubernetes.CopySummaries;
import io.rwx.migration.kubernetes.EventRecorder;
import io.rwx.migration.kubernetes.JobGateway;
import io.rwx.migration.kubernetes.PvcGateway;
import io.rwx.migration.messaging.MigrationEventSink;
import io.rwx.migration.metrics.MigrationMetrics;
import io.rwx.migration.model.CopyProgress;
import io.rwx.migration.model.JobProgress;
import io.rwx.migration.model.MigrationJobBuilder;
import io.rwx.migration.model.MigrationState;
import io.rwx.migration.model.MigrationView;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Follows the migration Jobs with an informer and publishes their lifecycle: started, progress (periodically),
 * succeeded / failed. The Job is the durable state: its annotations say whether its outcome was published, so a
 * restart neither loses nor repeats anything. Succeeded Jobs are deleted after their TTL.
 */
@ApplicationScoped
public class MigrationFollower {

    private static final Logger LOG = Logger.getLogger(MigrationFollower.class);

    private final MigrationConfig config;
    private final JobGateway jobs;
    private final PvcGateway pvcs;
    private final MigrationRecords records;
    private final EventRecorder kubeEvents;
    private final MigrationEventSink sink;
    private final MigrationMetrics metrics;
    private final Clock clock = Clock.systemUTC();
    private AutoCloseable informer;
    private ScheduledExecutorService ticker;

    public MigrationFollower(MigrationConfig config, JobGateway jobs, PvcGateway pvcs, MigrationRecords records,
            EventRecorder kubeEvents, MigrationEventSink sink, MigrationMetrics metrics) {
        this.config = config;
        this.jobs = jobs;
        this.pvcs = pvcs;
        this.records = records;
        this.kubeEvents = kubeEvents;
        this.sink = sink;
        this.metrics = metrics;
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

    /** Informer: a Job appeared or changed. Publishes its outcome once (recorded on the Job). */
    public void onJob(Job job) {
        String id = MigrationRecords.idOf(job);
        if (id == null) {
            return;
        }
        String reported = MigrationRecords.annotation(job, MigrationJobBuilder.ANNOTATION_REPORTED);
        if (reported == null) {
            reportStarted(job, id);
        }
        JobProgress progress = JobProgress.of(job);
        if (progress.state() == MigrationState.SUCCEEDED && !"succeeded".equals(reported)) {
            MigrationSummary summary = jobs.terminationMessage(job, id).flatMap(CopySummaries::parse)
                    .orElse(new MigrationSummary(0, 0, 0, 0, 0, null, false));
            MigrationView v = MigrationView.of(job, summary);
            sink.publish(EventType.MIGRATION_SUCCEEDED, new MigrationSucceeded(id, v.namespace(), v.sourcePvc(),
                    v.targetPvc(), v.job(), progress.attempts(), summary),
                    EventIds.deterministic(EventType.MIGRATION_SUCCEEDED, id), MigrationJobBuilder.requestedBy(job));
            jobs.annotate(job, MigrationJobBuilder.ANNOTATION_REPORTED, "succeeded");
            records.finished(id, v);
            metrics.result(MigrationMetrics.Result.SUCCEEDED);
            metrics.copied(summary.bytesTransferred());
            if (v.createdAt() != null) {
                metrics.duration(Duration.between(v.createdAt(), clock.instant()));
            }
            target(v).ifPresent(pvc -> kubeEvents.normal(pvc, "MigrationSucceeded", "data of PVC " + v.sourcePvc()
                    + " copied into this PVC by migration " + id + " (" + summary.files() + " files, "
                    + summary.bytes() + " bytes" + (summary.verified() ? ", verified" : "") + ")" + by(job), id));
            LOG.infof("migration %s: succeeded after %d attempt(s): %d files, %d bytes", id, progress.attempts(),
                    summary.files(), summary.bytes());
            metrics.active(records.active().size());
        } else if (progress.state() == MigrationState.FAILED && !"failed".equals(reported)) {
            // the Job says only that it gave up; the last attempt's own output says why (e.g. rsync: not found)
            MigrationView v = MigrationView.of(job, null).withFailureOutput(jobs.failureOutput(job, id).orElse(null));
            sink.publish(EventType.MIGRATION_FAILED, new MigrationFailed(id, v.namespace(), v.sourcePvc(), v.targetPvc(),
                    v.job(), progress.attempts(), progress.failureReason() == null ? "Failed" : progress.failureReason(),
                    v.message()), EventIds.deterministic(EventType.MIGRATION_FAILED, id),
                    MigrationJobBuilder.requestedBy(job));
            jobs.annotate(job, MigrationJobBuilder.ANNOTATION_REPORTED, "failed");
            records.finished(id, v);
            metrics.result(MigrationMetrics.Result.FAILED);
            target(v).ifPresent(pvc -> kubeEvents.warning(pvc, "MigrationFailed", "migration " + id + " from PVC "
                    + v.sourcePvc() + " failed after " + progress.attempts() + " attempt(s): "
                    + v.message() + "; Job " + v.job() + " is kept for inspection" + by(job), id));
            LOG.warnf("migration %s: failed after %d attempt(s): %s", id, progress.attempts(), v.message());
            metrics.active(records.active().size());
        }
    }

    /** Informer: a Job is gone. If nobody cancelled it and its outcome was not published, it failed. */
    public void onJobDeleted(Job job) {
        String id = MigrationRecords.idOf(job);
        if (id == null || records.wasCancelled(id)) {
            return;
        }
        String reported = MigrationRecords.annotation(job, MigrationJobBuilder.ANNOTATION_REPORTED);
        if ("succeeded".equals(reported) || "failed".equals(reported)) {
            return;
        }
        MigrationView v = MigrationView.of(job, null);
        records.finished(id, v.withState(MigrationState.FAILED, "JobDeleted", "the Job was deleted", clock.instant()));
        metrics.result(MigrationMetrics.Result.FAILED);
        sink.publish(EventType.MIGRATION_FAILED, new MigrationFailed(id, v.namespace(), v.sourcePvc(), v.targetPvc(),
                v.job(), v.attempts(), "JobDeleted", "the Job was deleted before it finished"),
                EventIds.deterministic(EventType.MIGRATION_FAILED, id, "deleted"), MigrationJobBuilder.requestedBy(job));
        metrics.active(records.active().size());
    }

    /** {@code " (requested by <who>)"} for a Kubernetes Event's message, or nothing. */
    private static String by(Job job) {
        String who = MigrationJobBuilder.requestedBy(job);
        return who == null ? "" : " (requested by " + who + ")";
    }

    public void reportStarted(Job job, String id) {
        MigrationView v = MigrationView.of(job, null);
        sink.publish(EventType.MIGRATION_STARTED, new MigrationStarted(id, v.namespace(), v.sourcePvc(), v.targetPvc(),
                v.job(), v.options()), EventIds.deterministic(EventType.MIGRATION_STARTED, id),
                MigrationJobBuilder.requestedBy(job));
        jobs.annotate(job, MigrationJobBuilder.ANNOTATION_REPORTED, "started");
    }

    /** Periodic: progress of running migrations, clean-up of succeeded Jobs whose TTL passed. */
    void tick() {
        Instant now = clock.instant();
        for (Job job : jobs.listManaged()) {
            String id = MigrationRecords.idOf(job);
            MigrationView v = MigrationView.of(job, null);
            if (!v.state().finished()) {
                long elapsed = v.createdAt() == null ? 0 : Duration.between(v.createdAt(), now).toSeconds();
                CopyProgress copied = jobs.runningOutput(job, id).flatMap(CopyProgress::lastOf).orElse(null);
                sink.publish(EventType.MIGRATION_PROGRESS, new MigrationProgress(id, v.namespace(), v.sourcePvc(),
                        v.targetPvc(), v.job(), Math.max(1, v.attempts()), Math.max(0, elapsed),
                        copied == null ? null : copied.bytesCopied(), copied == null ? null : copied.filesDone(),
                        copied == null ? null : copied.filesTotal(), copied == null ? null : copied.percent(),
                        copied == null ? null : copied.bytesPerSecond()),
                        EventIds.random(), MigrationJobBuilder.requestedBy(job));
            } else if (v.state() == MigrationState.SUCCEEDED
                    && "succeeded".equals(MigrationRecords.annotation(job, MigrationJobBuilder.ANNOTATION_REPORTED))) {
                Instant done = v.completedAt() != null ? v.completedAt() : v.createdAt();
                if (done != null && !now.isBefore(done.plus(config.successTtl()))) {
                    LOG.infof("migration %s: succeeded Job %s deleted after its TTL of %s", id, v.job(),
                            config.successTtl());
                    records.finished(id, jobs.terminationMessage(job, id).flatMap(CopySummaries::parse)
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

    private Optional<PersistentVolumeClaim> target(MigrationView v) {
        return Optional.ofNullable(pvcs.get(v.namespace(), v.targetPvc()));
    }
}
