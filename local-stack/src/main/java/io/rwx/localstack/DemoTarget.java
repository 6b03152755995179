package io.rwx.localstack;

import java.nio.file.Path;

/**
 * Where the demo story is played: the local stack's processes ({@link Stack}) or the containers of
 * {@code docker-compose --profile demo up} ({@link ComposeTarget}). Everything is reached as a user would: Kafka
 * through its bootstrap address, the cluster through a kubeconfig and the simulator's control endpoint, the
 * services through their HTTP APIs.
 */
public interface DemoTarget {

    String bootstrapServers();

    /** The base URL of one of the four services' HTTP APIs. */
    String url(String service);

    /** The node simulator's control endpoint (fail a pod or node, seed or list a volume, the API request log). */
    String controlUrl();

    Path kubeconfig();

    /** Where to look when a step fails (a directory of logs, or the command that shows them). */
    String logs();
}
