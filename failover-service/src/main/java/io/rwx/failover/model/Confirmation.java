package io.rwx.failover.model;

import io.rwx.events.common.FailureReason;
import io.rwx.kit.model.ShareManagerPods.Health;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Step 1 of the rule: does the API confirm a reported failure? A report only says "look now". It is confirmed
 * when the pod it names is one this service saw as the volume's share-manager and that pod is now gone (and was not
 * stopped on purpose), failed, or on a lost node; a report that names no pod is about the current one. A report
 * from a trusted source is taken for the current pod even if it looks healthy. A pod UID this service never saw
 * as the volume's share-manager confirms nothing, whoever says so.
 * <p>
 * The detection time is the report's {@code time}, clamped: never later than the moment the report was seen
 * (a forged future time cannot move a stamp ahead), never earlier than the failed pod's creation (a failure
 * cannot precede the pod).
 */
public final class Confirmation {

    /** The outcome: confirmed with the episode's pod, reason and detection time, or unconfirmed and why. */
    public record Outcome(boolean confirmed, ShareManagerPodSeen pod, FailureReason reason, Instant detectedAt,
            String explanation) {

        static Outcome unconfirmed(String why) {
            return new Outcome(false, null, null, null, why);
        }
    }

    private Confirmation() {
    }

    /**
     * @param current the volume's current share-manager pod (null if none)
     * @param seen    share-manager pods of the volume this service saw (including the current one), newest last
     * @param trusted the report's source is in the trusted list
     */
    public static Outcome confirm(FailureSignal report, ShareManagerPodSeen current, List<ShareManagerPodSeen> seen,
            boolean trusted) {
        Optional<ShareManagerPodSeen> named = report.podUid() == null ? Optional.ofNullable(current)
                : seen.stream().filter(p -> p.uid().equals(report.podUid())).reduce((a, b) -> b)
                        .or(() -> Optional.ofNullable(current).filter(c -> c.uid().equals(report.podUid())));
        if (named.isEmpty()) {
            return Outcome.unconfirmed(report.podUid() == null ? "no share-manager pod exists and none was named"
                    : "pod " + report.podUid() + " was never seen as this volume's share-manager");
        }
        ShareManagerPodSeen pod = named.get();
        Instant detectedAt = clamp(report.reportedAt(), pod.createdAt(), report.seenAt());
        if (pod.verdict().failed()) {
            return new Outcome(true, pod, pod.verdict().reason(), detectedAt, pod.verdict().explanation());
        }
        if (pod.verdict().health() == Health.STOPPING) {
            return Outcome.unconfirmed("pod " + pod.name() + " was stopped on purpose: " + pod.verdict().explanation());
        }
        boolean isCurrent = current != null && current.uid().equals(pod.uid());
        if (trusted && isCurrent) {
            return new Outcome(true, pod, report.reason() == null ? FailureReason.EXTERNAL : report.reason(),
                    detectedAt, "reported by a trusted source");
        }
        return Outcome.unconfirmed("pod " + pod.name() + " is " + pod.verdict().explanation().toLowerCase()
                + (isCurrent ? "" : " (and not the current share-manager)"));
    }

    /** {@code time} within [{@code notBefore}, {@code notAfter}] (a null bound does not bound; a null time is notAfter). */
    public static Instant clamp(Instant time, Instant notBefore, Instant notAfter) {
        Instant t = time == null ? notAfter : time;
        if (notAfter != null && t.isAfter(notAfter)) {
            t = notAfter;
        }
        if (notBefore != null && t.isBefore(notBefore)) {
            t = notBefore;
        }
        return t;
    }
}
