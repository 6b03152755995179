package io.rwx.failover.model;

import io.rwx.events.common.FailureReason;
import io.rwx.kit.model.ShareManagerPods;
import io.rwx.kit.model.ShareManagerPods.Health;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The episode machine, one row per situation. The failed pod is {@code old} (created before the episode), the
 * replacement {@code new} (created after it). Workloads: {@code before} = one Deployment pod started before the
 * stamp; {@code recreated} = it was replaced by one started after; {@code starting} = the replacement is not Ready
 * yet; {@code none} = no pod mounts the volume.
 */
class EpisodeMachineTest {

    static final Instant DETECTED = Instant.parse("2026-11-25T10:00:00Z");
    static final Duration TIMEOUT = Duration.ofMinutes(5);

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        # case                                              | rwx   | phase                   | deleted | current     | failure | workloads | auto-delete | now (s) | step     | next phase
        not an RWX volume                                   | false | -                       | 0       | old-serving | -       | before    | true        | 10      | Nothing  | -
        left RWX during an episode                          | false | WAITING_FOR_REPLACEMENT | 0       | old-failed  | -       | before    | true        | 10      | Complete | -
        a confirmed failure of a volume in use              | true  | -                       | 0       | old-failed  | old     | before    | true        | 10      | Open     | OPENED
        a confirmed failure of a volume nobody uses         | true  | -                       | 0       | old-failed  | old     | none      | true        | 10      | Nothing  | -
        recorded: stamp and announce                        | true  | OPENED                  | 0       | old-failed  | old     | before    | true        | 10      | Stamp    | OPENED
        the same failure again                              | true  | WAITING_FOR_REPLACEMENT | 0       | old-failed  | old     | before    | true        | 10      | Wait     | -
        the replacement is starting                         | true  | WAITING_FOR_REPLACEMENT | 0       | new-start   | -       | before    | true        | 10      | Wait     | -
        the replacement serves: decide, delete next         | true  | WAITING_FOR_REPLACEMENT | 0       | new-serving | -       | before    | true        | 10      | Decide   | RESTARTING_WORKLOADS
        the replacement serves, auto-delete off             | true  | WAITING_FOR_REPLACEMENT | 0       | new-serving | -       | before    | false       | 10      | Decide   | COMPLETED
        no replacement in time                              | true  | WAITING_FOR_REPLACEMENT | 0       | old-failed  | -       | before    | true        | 301     | Stall    | STALLED
        stalled once, still waiting                         | true  | STALLED                 | 0       | -           | -       | before    | true        | 400     | Wait     | -
        a late replacement ends the stall                   | true  | STALLED                 | 0       | new-serving | -       | before    | true        | 400     | Decide   | RESTARTING_WORKLOADS
        restarting: a pod still to delete                   | true  | RESTARTING_WORKLOADS    | 1       | new-serving | -       | before    | true        | 20      | Delete   | -
        restarting: the workloads run again                 | true  | RESTARTING_WORKLOADS    | 1       | new-serving | -       | recreated | true        | 20      | Complete | -
        restarting: the new pod is not Ready yet            | true  | RESTARTING_WORKLOADS    | 1       | new-serving | -       | starting  | true        | 20      | Wait     | -
        restarting: the workloads are gone for good         | true  | RESTARTING_WORKLOADS    | 1       | new-serving | -       | gone      | true        | 301     | Complete | -
        completed; the replacement fails: a new episode     | true  | COMPLETED               | 1       | new-failed  | new     | recreated | true        | 60      | Open     | OPENED
        completed; late news of the old pod                 | true  | COMPLETED               | 1       | new-serving | old     | recreated | true        | 60      | Nothing  | -
        """)
    void decidesTheNextStep(String description, boolean rwx, Episode.Phase phase, int deleted, String current,
            String failure, String workloads, boolean autoDelete, long nowSeconds, String step, Episode.Phase next) {
        Episode recorded = phase == null ? null : new Episode("old", DETECTED, phase, "share-manager-v", "node-1",
                "POD_FAILED", deleted, 0, phase == Episode.Phase.OPENED ? null : autoDelete);
        List<EpisodeFacts.Failure> failures = new ArrayList<>();
        if (failure != null) {
            ShareManagerPodSeen failed = pod(failure, "failed");
            failures.add(new EpisodeFacts.Failure(failed, FailureReason.POD_FAILED,
                    failure.equals("old") ? DETECTED.plusSeconds(1) : DETECTED.plusSeconds(50), "test"));
        }
        EpisodeFacts facts = new EpisodeFacts(DETECTED.plusSeconds(nowSeconds), rwx, !workloads.equals("none")
                && !workloads.equals("gone"), recorded, current == null ? null : pod(current.split("-")[0],
                current.split("-")[1]), failures, workloads(workloads),
                FailoverSettings.parse(Boolean.toString(autoDelete), null, null), TIMEOUT);

        Step s = EpisodeMachine.next(facts);

        assertThat(s.getClass().getSimpleName()).as(description).isEqualTo(step);
        if (next != null) {
            Episode after = s instanceof Step.Open o ? o.episode() : s instanceof Step.Stamp st ? st.episode()
                    : s instanceof Step.Stall st ? st.stalled() : s instanceof Step.Decide d ? d.decided() : null;
            assertThat(after.phase()).as(description).isEqualTo(next);
        }
        if (s instanceof Step.Decide d && autoDelete) {
            assertThat(d.decision().deletions()).as(description).hasSize(1);
        }
    }

    static ShareManagerPodSeen pod(String which, String health) {
        Instant created = which.equals("old") ? DETECTED.minusSeconds(3600) : DETECTED.plusSeconds(5);
        ShareManagerPods.Verdict verdict = switch (health) {
            case "serving" -> new ShareManagerPods.Verdict(Health.SERVING, null, "Running and Ready");
            case "start" -> new ShareManagerPods.Verdict(Health.STARTING, null, "Pending");
            default -> new ShareManagerPods.Verdict(Health.FAILED, FailureReason.POD_FAILED, "Failed");
        };
        return new ShareManagerPodSeen(which, "share-manager-v", "node-1", created, verdict, false);
    }

    static List<WorkloadPodView> workloads(String kind) {
        Instant before = DETECTED.minusSeconds(600);
        Instant after = DETECTED.plusSeconds(15);
        return switch (kind) {
            case "before" -> List.of(web("web-a", before, true));
            case "recreated" -> List.of(web("web-b", after, true));
            case "starting" -> List.of(web("web-b", after, false));
            default -> List.of();
        };
    }

    static WorkloadPodView web(String name, Instant started, boolean ready) {
        return new WorkloadPodView("shop", name, "uid-" + name, "node-2", "apps/ReplicaSet", "web-5f", started, false,
                false, true, ready, true);
    }
}
