package io.rwx.kit.model;

import io.rwx.events.common.FailureReason;

import java.time.Instant;

/**
 * The durable record of the last share-manager failure of a volume, kept on its ShareManager as the annotation
 * {@value #ANNOTATION} by share-manager-controller (its only writer) before it replaces the failed pod.
 * failover-service reads it on its periodic pass: a failure recorded here that has no failover episode yet (the
 * report was lost, or volume-watcher was down) opens the missed episode.
 *
 * @param podUid     the failed pod's UID: the failover episode
 * @param detectedAt when share-manager-controller found the failure
 */
public record ShareManagerFailure(String podUid, String pod, String node, FailureReason reason, Instant detectedAt) {

    public static final String ANNOTATION = "sharemanager.rwx.io/last-failure";
}
