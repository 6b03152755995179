package io.rwx.migration.model;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.rwx.events.migration.MigrationOptions;
import io.rwx.events.migration.MigrationSummary;
import io.rwx.events.migration.VerifyMode;

import java.time.Instant;
import java.util.Map;

/** A migration as the API shows it, derived from its Job. */
public record MigrationView(
        String id,
        String namespace,
        String sourcePvc,
        String targetPvc,
        MigrationOptions options,
        MigrationState state,
        String job,
        int attempts,
        Instant createdAt,
        Instant completedAt,
        MigrationSummary summary,
        String reason,
        String message,
        CopyProgress progress,
        String requestedBy) {

    public static MigrationView of(Job job, MigrationSummary summary) {
        Map<String, String> a = job.getMetadata().getAnnotations() == null ? Map.of() : job.getMetadata().getAnnotations();
        JobProgress progress = JobProgress.of(job);
        MigrationOptions options = new MigrationOptions(
                VerifyMode.valueOf(a.getOrDefault(MigrationJobBuilder.ANNOTATION_VERIFY, "none").toUpperCase()),
                Boolean.parseBoolean(a.get(MigrationJobBuilder.ANNOTATION_OVERWRITE)),
                Boolean.parseBoolean(a.get(MigrationJobBuilder.ANNOTATION_FORCE)),
                a.containsKey(MigrationJobBuilder.ANNOTATION_RUN_AS_USER)
                        ? Long.valueOf(a.get(MigrationJobBuilder.ANNOTATION_RUN_AS_USER)) : null);
        return new MigrationView(
                job.getMetadata().getLabels().get(MigrationJobBuilder.LABEL_MIGRATION_ID),
                job.getMetadata().getNamespace(),
                a.get(MigrationJobBuilder.ANNOTATION_SOURCE),
                a.get(MigrationJobBuilder.ANNOTATION_TARGET),
                options, progress.state(), job.getMetadata().getName(), progress.attempts(),
                parse(job.getMetadata().getCreationTimestamp()),
                job.getStatus() == null ? null : parse(job.getStatus().getCompletionTime()),
                summary, progress.failureReason(), progress.failureMessage(), null,
                a.get(MigrationJobBuilder.ANNOTATION_REQUESTED_BY));
    }

    /** The same, with the copy's progress while it runs. */
    public MigrationView withProgress(CopyProgress copied) {
        return new MigrationView(id, namespace, sourcePvc, targetPvc, options, state, job, attempts, createdAt,
                completedAt, summary, reason, message, copied, requestedBy);
    }

    /** The same, with why the last attempt failed (its own output), after the Job's reason. */
    public MigrationView withFailureOutput(String output) {
        if (output == null || output.isBlank()) {
            return this;
        }
        String detail = (message == null || message.isBlank() ? "" : message + ": ") + output.strip();
        return new MigrationView(id, namespace, sourcePvc, targetPvc, options, state, job, attempts, createdAt,
                completedAt, summary, reason, detail, progress, requestedBy);
    }

    public MigrationView cancelled(Instant at) {
        return new MigrationView(id, namespace, sourcePvc, targetPvc, options, MigrationState.CANCELLED, job, attempts,
                createdAt, at, summary, "Cancelled", "cancelled by request", progress, requestedBy);
    }

    public MigrationView withState(MigrationState next, String why, String detail, Instant at) {
        return new MigrationView(id, namespace, sourcePvc, targetPvc, options, next, job, attempts, createdAt,
                completedAt != null ? completedAt : at, summary, why, detail, progress, requestedBy);
    }

    private static Instant parse(String rfc3339) {
        return rfc3339 == null ? null : java.time.OffsetDateTime.parse(rfc3339).toInstant();
    }
}
