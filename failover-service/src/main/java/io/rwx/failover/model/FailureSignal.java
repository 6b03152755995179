package io.rwx.failover.model;

import io.rwx.events.common.FailureReason;

import java.time.Instant;

/**
 * A report that a volume's share-manager failed: from volume-watcher, from a node failure, or from outside. It is
 * a request to look, not a command.
 *
 * @param podUid     the failed pod's UID as reported, or null when the reporter does not know it
 * @param reportedAt when the failure happened according to the report (the event's {@code time}): a claim
 * @param seenAt     when this service received the report: no stamp is ever later than this
 * @param source     the CloudEvents source of the report
 */
public record FailureSignal(String volume, String podUid, String node, FailureReason reason, Instant reportedAt,
        Instant seenAt, String source) {
}
