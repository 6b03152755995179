package io.rwx.failover;

import io.fabric8.kubernetes.api.model.Pod;
import io.rwx.crds.AccessMode;
import io.rwx.crds.Longhorn;
import io.rwx.crds.Setting;
import io.rwx.crds.Volume;
import io.rwx.failover.config.FailoverConfig;
import io.rwx.failover.kubernetes.VolumeGateway;
import io.rwx.failover.model.Confirmation;
import io.rwx.failover.model.EpisodeFacts;
import io.rwx.failover.model.FailoverSettings;
import io.rwx.failover.model.FailureSignal;
import io.rwx.failover.model.SeenPods;
import io.rwx.failover.model.ShareManagerPodSeen;
import io.rwx.failover.model.WorkloadPodView;
import io.rwx.kit.kubernetes.Annotations;
import io.rwx.kit.kubernetes.ClusterCache;
import io.rwx.kit.model.Nodes;
import io.rwx.kit.model.Pods;
import io.rwx.kit.model.ShareManagerFailure;
import io.rwx.kit.model.ShareManagerPods;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the facts of one pass from the informer cache (the Volume itself comes from the caller: cached, or fresh
 * before a write), and confirms the report being handled, if any. Confirmed failures come from three places: the
 * report, share-manager-controller's failure record on the ShareManager (so a failure whose every report was lost,
 * e.g. while volume-watcher was down, still opens its episode), and the current pod's own state.
 */
@ApplicationScoped
public class EpisodeFactsLoader {

    /** The facts, and how the report (if there was one) fared. */
    public record Loaded(EpisodeFacts facts, Confirmation.Outcome report) {
    }

    private final FailoverConfig config;
    private final ClusterCache cache;
    private final SeenPods seen;

    public EpisodeFactsLoader(FailoverConfig config, ClusterCache cache, SeenPods seen) {
        this.config = config;
        this.cache = cache;
        this.seen = seen;
    }

    public Loaded load(String name, Volume volume, FailureSignal report, Instant now) {
        ShareManagerPodSeen current = cache.shareManagerPod(name).map(this::seen).orElse(null);
        if (current != null) {
            seen.saw(name, current);
        }
        List<EpisodeFacts.Failure> failures = new ArrayList<>();
        Confirmation.Outcome outcome = null;
        if (report != null) {
            outcome = Confirmation.confirm(report, current, seen.of(name), config.isTrusted(report.source()));
            if (outcome.confirmed()) {
                failures.add(new EpisodeFacts.Failure(outcome.pod(), outcome.reason(), outcome.detectedAt(),
                        outcome.explanation()));
            }
        }
        cache.shareManager(name).flatMap(Annotations::lastFailure).ifPresent(r -> failures.add(recorded(r, now)));
        if (current != null && current.verdict().failed()) {
            // dated as the objects record it, so it does not matter whether a report or this pass finds it first
            failures.add(new EpisodeFacts.Failure(current, current.verdict().reason(),
                    Confirmation.clamp(current.verdict().since(), current.createdAt(), now),
                    current.verdict().explanation()));
        }
        List<WorkloadPodView> workloads = cache.podsMountingVolume(name).stream()
                .map(p -> WorkloadPodView.of(p, node -> !Nodes.readiness(cache.node(node).orElse(null)).down()))
                .toList();
        boolean rwx = volume != null && volume.getSpec().getAccessMode() == AccessMode.RWX;
        return new Loaded(new EpisodeFacts(now, rwx, !cache.workloadsOf(name).isEmpty(),
                volume == null ? null : VolumeGateway.episodeOf(volume), current, failures, workloads, settings(),
                config.replacementTimeout()), outcome);
    }

    /** A share-manager pod as the cache shows it, judged by the shared classifier. */
    public ShareManagerPodSeen seen(Pod pod) {
        var verdict = ShareManagerPods.classify(pod, cache.node(Pods.node(pod)).orElse(null));
        return new ShareManagerPodSeen(pod.getMetadata().getUid(), pod.getMetadata().getName(), Pods.node(pod),
                Pods.createdAt(pod), verdict, false);
    }

    /** A pod that is gone, judged by its last state. */
    public ShareManagerPodSeen seenDeleted(Pod lastState) {
        var verdict = ShareManagerPods.classifyDeleted(lastState, cache.node(Pods.node(lastState)).orElse(null));
        return new ShareManagerPodSeen(lastState.getMetadata().getUid(), lastState.getMetadata().getName(),
                Pods.node(lastState), Pods.createdAt(lastState), verdict, true);
    }

    private static EpisodeFacts.Failure recorded(ShareManagerFailure r, Instant now) {
        ShareManagerPodSeen pod = new ShareManagerPodSeen(r.podUid(), r.pod(), r.node(), null,
                new ShareManagerPods.Verdict(ShareManagerPods.Health.FAILED, r.reason(), "recorded by "
                        + "share-manager-controller"), true);
        Instant at = r.detectedAt() == null || r.detectedAt().isAfter(now) ? now : r.detectedAt();
        return new EpisodeFacts.Failure(pod, r.reason(), at, "share-manager-controller recorded the failure of pod "
                + r.pod());
    }

    private FailoverSettings settings() {
        return FailoverSettings.parse(setting(Longhorn.SETTING_AUTO_DELETE_POD),
                setting(Longhorn.SETTING_AUTO_DELETE_BLACKLIST), setting(Longhorn.SETTING_NODE_DOWN_POD_DELETION_POLICY));
    }

    private String setting(String key) {
        return cache.setting(key).map(Setting::getValue).orElse(null);
    }
}
