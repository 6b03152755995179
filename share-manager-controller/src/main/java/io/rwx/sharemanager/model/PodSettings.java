package io.rwx.sharemanager.model;

import io.fabric8.kubernetes.api.model.Toleration;

import java.util.List;
import java.util.Map;

/** Deployment-specific parts of the share-manager pod, from configuration. */
public record PodSettings(
        String image,
        String serviceAccount,
        Map<String, String> requests,
        Map<String, String> limits,
        List<Toleration> tolerations,
        Map<String, String> nodeSelector,
        String priorityClass) {

    public PodSettings {
        requests = Map.copyOf(requests);
        limits = Map.copyOf(limits);
        tolerations = List.copyOf(tolerations);
        nodeSelector = Map.copyOf(nodeSelector);
    }
}
