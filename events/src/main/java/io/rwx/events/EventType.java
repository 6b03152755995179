package io.rwx.events;

import io.rwx.events.failover.FailoverCompleted;
import io.rwx.events.failover.FailoverStalled;
import io.rwx.events.failover.RemountRequested;
import io.rwx.events.failover.WorkloadPodDeleted;
import io.rwx.events.failover.WorkloadRestartNeeded;
import io.rwx.events.migration.MigrationFailed;
import io.rwx.events.migration.MigrationProgress;
import io.rwx.events.migration.MigrationRejected;
import io.rwx.events.migration.MigrationRequested;
import io.rwx.events.migration.MigrationStarted;
import io.rwx.events.migration.MigrationSucceeded;
import io.rwx.events.node.NfsClientMissing;
import io.rwx.events.node.NodeFailed;
import io.rwx.events.node.NodeRecovered;
import io.rwx.events.sharemanager.ShareManagerFailed;
import io.rwx.events.sharemanager.ShareManagerReady;
import io.rwx.events.sharemanager.ShareManagerStarted;
import io.rwx.events.sharemanager.ShareManagerStateChanged;
import io.rwx.events.sharemanager.ShareManagerStopped;
import io.rwx.events.volume.VolumeDeleted;
import io.rwx.events.volume.VolumeObserved;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The v1 event catalogue: CloudEvents {@code type}, the topic it travels on and the record of its {@code data}.
 * A breaking change to a payload is a new {@code v<N>} type, never an edit of an existing one.
 */
public enum EventType {
    VOLUME_OBSERVED("io.rwx.volume.observed.v1", Topic.VOLUMES, VolumeObserved.class),
    VOLUME_DELETED("io.rwx.volume.deleted.v1", Topic.VOLUMES, VolumeDeleted.class),

    SHARE_MANAGER_STARTED("io.rwx.sharemanager.started.v1", Topic.SHARE_MANAGERS, ShareManagerStarted.class),
    SHARE_MANAGER_READY("io.rwx.sharemanager.ready.v1", Topic.SHARE_MANAGERS, ShareManagerReady.class),
    SHARE_MANAGER_FAILED("io.rwx.sharemanager.failed.v1", Topic.SHARE_MANAGERS, ShareManagerFailed.class),
    SHARE_MANAGER_STOPPED("io.rwx.sharemanager.stopped.v1", Topic.SHARE_MANAGERS, ShareManagerStopped.class),
    SHARE_MANAGER_STATE_CHANGED("io.rwx.sharemanager.state-changed.v1", Topic.SHARE_MANAGERS,
            ShareManagerStateChanged.class),

    NODE_FAILED("io.rwx.node.failed.v1", Topic.NODES, NodeFailed.class),
    NODE_RECOVERED("io.rwx.node.recovered.v1", Topic.NODES, NodeRecovered.class),
    NODE_NFS_CLIENT_MISSING("io.rwx.node.nfs-client-missing.v1", Topic.NODES, NfsClientMissing.class),

    FAILOVER_REMOUNT_REQUESTED("io.rwx.failover.remount-requested.v1", Topic.FAILOVERS, RemountRequested.class),
    FAILOVER_WORKLOAD_POD_DELETED("io.rwx.failover.workload-pod-deleted.v1", Topic.FAILOVERS,
            WorkloadPodDeleted.class),
    FAILOVER_WORKLOAD_RESTART_NEEDED("io.rwx.failover.workload-restart-needed.v1", Topic.FAILOVERS,
            WorkloadRestartNeeded.class),
    FAILOVER_COMPLETED("io.rwx.failover.completed.v1", Topic.FAILOVERS, FailoverCompleted.class),
    FAILOVER_STALLED("io.rwx.failover.stalled.v1", Topic.FAILOVERS, FailoverStalled.class),

    MIGRATION_REQUESTED("io.rwx.migration.requested.v1", Topic.MIGRATIONS, MigrationRequested.class),
    MIGRATION_REJECTED("io.rwx.migration.rejected.v1", Topic.MIGRATIONS, MigrationRejected.class),
    MIGRATION_STARTED("io.rwx.migration.started.v1", Topic.MIGRATIONS, MigrationStarted.class),
    MIGRATION_PROGRESS("io.rwx.migration.progress.v1", Topic.MIGRATIONS, MigrationProgress.class),
    MIGRATION_SUCCEEDED("io.rwx.migration.succeeded.v1", Topic.MIGRATIONS, MigrationSucceeded.class),
    MIGRATION_FAILED("io.rwx.migration.failed.v1", Topic.MIGRATIONS, MigrationFailed.class);

    private static final Map<String, EventType> BY_TYPE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::type, Function.identity()));

    private final String type;
    private final Topic topic;
    private final Class<? extends EventData> dataClass;

    EventType(String type, Topic topic, Class<? extends EventData> dataClass) {
        this.type = type;
        this.topic = topic;
        this.dataClass = dataClass;
    }

    /** The CloudEvents {@code type} attribute, e.g. {@code io.rwx.sharemanager.failed.v1}. */
    public String type() {
        return type;
    }

    public Topic topic() {
        return topic;
    }

    public Class<? extends EventData> dataClass() {
        return dataClass;
    }

    /** The JSON Schema of the data, as a class-path resource of this module ({@code schemas/<type>.json}). */
    public String schemaResource() {
        return "schemas/" + type + ".json";
    }

    public static Optional<EventType> fromType(String type) {
        return Optional.ofNullable(BY_TYPE.get(type));
    }

    /** The type that carries this data record. */
    public static EventType of(EventData data) {
        for (EventType t : values()) {
            if (t.dataClass == data.getClass()) {
                return t;
            }
        }
        throw new IllegalArgumentException("no event type carries " + data.getClass().getName());
    }
}
