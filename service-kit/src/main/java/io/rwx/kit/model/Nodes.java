package io.rwx.kit.model;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;

import java.time.Instant;
import java.util.Optional;

/** How a node's readiness reads (pure): the one answer every service gives. */
public final class Nodes {

    /** A node's readiness as its {@code Ready} condition (or its absence) says. */
    public enum Readiness {
        /** Ready=True. */
        READY,
        /** Ready=False: the kubelet reports the node unhealthy. */
        NOT_READY,
        /** Ready=Unknown: the node stopped reporting (the node controller's verdict). */
        UNKNOWN,
        /**
         * No Ready condition yet: a node that just registered. Not a failure: nothing is known against it, and
         * failing a share-manager over on it would be a guess.
         */
        NO_CONDITION,
        /** The Node object does not exist (deleted, or never existed). */
        GONE;

        /** NotReady, Unknown or gone: pods on it can no longer be trusted to run or to terminate gracefully. */
        public boolean down() {
            return this == NOT_READY || this == UNKNOWN || this == GONE;
        }
    }

    private Nodes() {
    }

    /** @param node the Node, or null when it does not exist */
    public static Readiness readiness(Node node) {
        if (node == null) {
            return Readiness.GONE;
        }
        return readyCondition(node).map(c -> switch (String.valueOf(c.getStatus())) {
            case "True" -> Readiness.READY;
            case "False" -> Readiness.NOT_READY;
            default -> Readiness.UNKNOWN;
        }).orElse(Readiness.NO_CONDITION);
    }

    /** Ready=True. */
    public static boolean isReady(Node node) {
        return readiness(node) == Readiness.READY;
    }

    /** When the Ready condition last changed; null when unknown ({@code lastTransitionTime} is optional). */
    public static Instant readySince(Node node) {
        return node == null ? null : readyCondition(node).map(NodeCondition::getLastTransitionTime)
                .filter(t -> !t.isBlank()).map(Pods::parse).orElse(null);
    }

    private static Optional<NodeCondition> readyCondition(Node node) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return node.getStatus().getConditions().stream().filter(c -> "Ready".equals(c.getType())).findFirst();
    }
}
