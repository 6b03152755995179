package io.rwx.failover.model;

import java.util.Arrays;

/**
 * Setting {@code node-down-pod-deletion-policy}: which workload pods on a NotReady/lost node may be
 * force-deleted (grace 0). Force-deleting a StatefulSet pod that may still run behind a partition breaks its
 * at-most-one identity, hence the default {@link #DO_NOTHING}.
 */
public enum NodeDownPolicy {
    DO_NOTHING("do-nothing"),
    DELETE_STATEFULSET_POD("delete-statefulset-pod"),
    DELETE_DEPLOYMENT_POD("delete-deployment-pod"),
    DELETE_BOTH_STATEFULSET_AND_DEPLOYMENT_POD("delete-both-statefulset-and-deployment-pod");

    private final String value;

    NodeDownPolicy(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    /** Unknown or empty values fall back to the safe default. */
    public static NodeDownPolicy parse(String value) {
        return Arrays.stream(values()).filter(p -> p.value.equals(value == null ? "" : value.trim()))
                .findFirst().orElse(DO_NOTHING);
    }

    /** May a pod whose controller owner is {@code groupKind} be force-deleted when its node is down? */
    public boolean allowsForceDelete(String groupKind) {
        boolean statefulSet = "apps/StatefulSet".equals(groupKind);
        boolean deployment = "apps/ReplicaSet".equals(groupKind);
        return switch (this) {
            case DO_NOTHING -> false;
            case DELETE_STATEFULSET_POD -> statefulSet;
            case DELETE_DEPLOYMENT_POD -> deployment;
            case DELETE_BOTH_STATEFULSET_AND_DEPLOYMENT_POD -> statefulSet || deployment;
        };
    }
}
