package io.rwx.migration.kubernetes;

import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.rwx.kit.kubernetes.MergePatch;
import io.rwx.kit.kubernetes.Patching;
import io.rwx.migration.model.MigrationJobBuilder;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The migration Jobs (label {@code app.kubernetes.io/managed-by=rwx-migration-service}), in any namespace. */
@ApplicationScoped
public class JobGateway {

    private final KubernetesClient client;

    public JobGateway(KubernetesClient client) {
        this.client = client;
    }

    /** Creates the Job; if it exists already (a repeated request), returns the existing one. */
    public Job create(Job job) {
        try {
            return client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).resource(job).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace())
                        .withName(job.getMetadata().getName()).get();
            }
            throw e;
        }
    }

    public List<Job> listManaged() {
        return client.batch().v1().jobs().inAnyNamespace()
                .withLabel(MigrationJobBuilder.LABEL_MANAGED_BY, MigrationJobBuilder.MANAGED_BY).list().getItems();
    }

    public Optional<Job> find(String migrationId) {
        return client.batch().v1().jobs().inAnyNamespace()
                .withLabel(MigrationJobBuilder.LABEL_MIGRATION_ID, migrationId).list().getItems().stream().findFirst();
    }

    /** Deletes the Job and (background propagation) its pods. */
    public void delete(Job job) {
        client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).withName(job.getMetadata().getName())
                .withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
    }

    /** Sets an annotation on the Job: a merge patch of that one key (the Job controller owns the rest). */
    public void annotate(Job job, String key, String value) {
        try {
            Patching.patch(client.batch().v1().jobs().inNamespace(job.getMetadata().getNamespace()).resource(job),
                    MergePatch.create().annotation(key, value));
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
    }

    /** The termination message of the Job's succeeded pod: where copy.sh leaves its summary. */
    public Optional<String> terminationMessage(Job job, String migrationId) {
        return client.pods().inNamespace(job.getMetadata().getNamespace())
                .withLabel(MigrationJobBuilder.LABEL_MIGRATION_ID, migrationId).list().getItems().stream()
                .filter(p -> p.getStatus() != null && "Succeeded".equals(p.getStatus().getPhase()))
                .map(JobGateway::message).flatMap(Optional::stream).findFirst();
    }

    /** The last lines the running attempt of the Job printed (its copy progress), or empty. */
    public Optional<String> runningOutput(Job job, String migrationId) {
        return client.pods().inNamespace(job.getMetadata().getNamespace())
                .withLabel(MigrationJobBuilder.LABEL_MIGRATION_ID, migrationId).list().getItems().stream()
                .filter(p -> p.getStatus() != null && "Running".equals(p.getStatus().getPhase())).findFirst()
                .flatMap(p -> {
                    try {
                        return Optional.ofNullable(client.pods().inNamespace(p.getMetadata().getNamespace())
                                .withName(p.getMetadata().getName()).tailingLines(20).getLog());
                    } catch (KubernetesClientException e) {
                        return Optional.empty(); // no log yet: no progress yet
                    }
                });
    }

    /** What the last failed attempt said: its termination message (the copy's error, or its output's tail). */
    public Optional<String> failureOutput(Job job, String migrationId) {
        return client.pods().inNamespace(job.getMetadata().getNamespace())
                .withLabel(MigrationJobBuilder.LABEL_MIGRATION_ID, migrationId).list().getItems().stream()
                .filter(p -> p.getStatus() != null && "Failed".equals(p.getStatus().getPhase()))
                .max(Comparator.comparing(p -> String.valueOf(p.getMetadata().getCreationTimestamp())))
                .flatMap(JobGateway::message).map(JobGateway::errorOf);
    }

    private static final Pattern ERROR = Pattern.compile("\\{\"error\":\"(.*)\"}");

    /** {@code {"error":"..."}} of the copy, or the message as it is (a log's tail), at most 1,000 characters. */
    static String errorOf(String message) {
        String text = message.strip();
        Matcher m = ERROR.matcher(text);
        if (m.find()) {
            text = m.group(1);
        }
        return text.length() > 1000 ? "..." + text.substring(text.length() - 1000) : text;
    }

    private static Optional<String> message(Pod pod) {
        if (pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        return pod.getStatus().getContainerStatuses().stream()
                .filter(c -> MigrationJobBuilder.CONTAINER.equals(c.getName()))
                .filter(c -> c.getState() != null && c.getState().getTerminated() != null)
                .map(c -> c.getState().getTerminated().getMessage()).filter(m -> m != null).findFirst();
    }

    /**
     * Starts an informer on the migration Jobs of every namespace: {@code changed} for every Job seen or changed,
     * {@code deleted} for every Job gone. Closing the result stops it.
     */
    public AutoCloseable inform(Consumer<Job> changed, Consumer<Job> deleted) {
        SharedIndexInformer<Job> informer = io.rwx.kit.kubernetes.Informers.retrying(client.batch().v1().jobs()
                .inAnyNamespace().withLabel(MigrationJobBuilder.LABEL_MANAGED_BY, MigrationJobBuilder.MANAGED_BY)
                .runnableInformer(0), "migration Jobs");
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Job job) {
                changed.accept(job);
            }

            @Override
            public void onUpdate(Job old, Job job) {
                changed.accept(job);
            }

            @Override
            public void onDelete(Job job, boolean finalStateUnknown) {
                deleted.accept(job);
            }
        });
        informer.start(); // does not wait for the API server: the informer lists and watches once it answers
        return informer::close;
    }
}
