package io.rwx.migration;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.rwx.migration.config.MigrationConfig;
import io.rwx.migration.kubernetes.CopySummaries;
import io.rwx.migration.kubernetes.HistoryGateway;
import io.rwx.migration.kubernetes.JobGateway;
import io.rwx.migration.model.ActiveMigration;
import io.rwx.migration.model.MigrationJobBuilder;
import io.rwx.migration.model.MigrationState;
import io.rwx.migration.model.MigrationView;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the service knows of migrations: their Jobs (the durable state while they exist), the finished ones whose
 * Job is gone, and the ones being cancelled.
 */
@ApplicationScoped
public class MigrationRecords {

    private final JobGateway jobs;
    private final HistoryGateway history;
    private final Map<String, MigrationView> finished;
    private final Set<String> cancelling = ConcurrentHashMap.newKeySet();

    public MigrationRecords(MigrationConfig config, JobGateway jobs, HistoryGateway history) {
        this.jobs = jobs;
        this.history = history;
        int size = config.historySize();
        this.finished = Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, MigrationView> eldest) {
                return size() > size;
            }
        });
        this.finished.putAll(history.load()); // what an earlier process (or replica) finished
    }

    /** The migration as its Job shows it, with the copy summary once it succeeded. */
    public MigrationView view(Job job) {
        MigrationView v = MigrationView.of(job, null);
        if (v.state() == MigrationState.SUCCEEDED) {
            return jobs.terminationMessage(job, v.id()).flatMap(CopySummaries::parse)
                    .map(s -> MigrationView.of(job, s)).orElse(v);
        }
        if (v.state() == MigrationState.FAILED) {
            return v.withFailureOutput(jobs.failureOutput(job, v.id()).orElse(null));
        }
        if (!v.state().finished()) {
            return jobs.runningOutput(job, v.id()).flatMap(io.rwx.migration.model.CopyProgress::lastOf)
                    .map(v::withProgress).orElse(v);
        }
        return v;
    }

    public Optional<MigrationView> get(String id) {
        return jobs.find(id).map(this::view).or(() -> Optional.ofNullable(finished.get(id)));
    }

    public List<MigrationView> all() {
        Map<String, MigrationView> all = new LinkedHashMap<>(finished);
        for (Job job : jobs.listManaged()) {
            MigrationView v = view(job);
            all.put(v.id(), v);
        }
        return new ArrayList<>(all.values());
    }

    /** Migrations that have not finished (and are not being cancelled). */
    public List<ActiveMigration> active() {
        List<ActiveMigration> active = new ArrayList<>();
        for (Job job : jobs.listManaged()) {
            MigrationView v = MigrationView.of(job, null);
            if (!v.state().finished() && !cancelling.contains(v.id())) {
                active.add(new ActiveMigration(v.id(), v.namespace(), v.sourcePvc(), v.targetPvc()));
            }
        }
        return active;
    }

    public void finished(String id, MigrationView view) {
        List<String> forget = new ArrayList<>();
        synchronized (finished) {
            finished.put(id, view);
            int over = finished.size() - history.keep();
            for (String old : finished.keySet()) {
                if (over-- <= 0) {
                    break;
                }
                forget.add(old);
            }
        }
        history.remember(view, forget);
    }

    public Optional<MigrationView> finished(String id) {
        return Optional.ofNullable(finished.get(id));
    }

    public void cancelling(String id) {
        cancelling.add(id);
    }

    /** Was the Job of {@code id} deleted by a cancel (then its deletion is not a failure)? Asked once. */
    public boolean wasCancelled(String id) {
        return cancelling.remove(id);
    }

    static String idOf(Job job) {
        return job.getMetadata().getLabels() == null ? null
                : job.getMetadata().getLabels().get(MigrationJobBuilder.LABEL_MIGRATION_ID);
    }

    static String annotation(Job job, String key) {
        return job.getMetadata().getAnnotations() == null ? null : job.getMetadata().getAnnotations().get(key);
    }
}
