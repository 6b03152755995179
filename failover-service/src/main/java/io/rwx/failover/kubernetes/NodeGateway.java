package io.rwx.failover.kubernetes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.rwx.kit.kubernetes.ClusterFacts;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

@ApplicationScoped
public class NodeGateway {

    private final KubernetesClient client;

    public NodeGateway(KubernetesClient client) {
        this.client = client;
    }

    public Optional<Node> get(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(client.nodes().withName(name).get());
    }

    /** Ready condition True. A missing node or a missing condition is not ready. */
    public static boolean isReady(Node node) {
        return ClusterFacts.isReady(node);
    }

    public boolean isReady(String name) {
        return get(name).map(NodeGateway::isReady).orElse(false);
    }
}
