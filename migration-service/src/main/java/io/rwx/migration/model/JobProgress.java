package io.rwx.migration.model;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;

import java.util.Optional;

/**
 * Reads where a migration is from its Job's status (pure).
 *
 * @param attempts      pods that ran so far: failed ones plus the running or successful one
 * @param failureReason the Failed condition's reason (e.g. BackoffLimitExceeded), when failed
 */
public record JobProgress(MigrationState state, int attempts, String failureReason, String failureMessage) {

    public static JobProgress of(Job job) {
        int failed = job.getStatus() == null || job.getStatus().getFailed() == null ? 0 : job.getStatus().getFailed();
        int active = job.getStatus() == null || job.getStatus().getActive() == null ? 0 : job.getStatus().getActive();
        int succeeded = job.getStatus() == null || job.getStatus().getSucceeded() == null ? 0
                : job.getStatus().getSucceeded();
        Optional<JobCondition> failedCondition = condition(job, "Failed");
        if (condition(job, "Complete").isPresent() || succeeded > 0) {
            return new JobProgress(MigrationState.SUCCEEDED, failed + 1, null, null);
        }
        if (failedCondition.isPresent()) {
            return new JobProgress(MigrationState.FAILED, failed, failedCondition.get().getReason(),
                    failedCondition.get().getMessage());
        }
        if (active > 0 || failed > 0) {
            return new JobProgress(MigrationState.RUNNING, failed + (active > 0 ? 1 : 0), null, null);
        }
        return new JobProgress(MigrationState.PENDING, 0, null, null);
    }

    private static Optional<JobCondition> condition(Job job, String type) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return job.getStatus().getConditions().stream()
                .filter(c -> type.equals(c.getType()) && "True".equals(c.getStatus())).findFirst();
    }
}
