package io.rwx.testing.kafka;

import io.rwx.events.Topic;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A real single-node Apache Kafka broker (KRaft, combined broker+controller). By default it runs in this JVM,
 * listening on a free loopback port: the same broker code as production Kafka, started from the Maven Central jars,
 * so tests exercise real partitions, offsets, consumer groups, headers and idempotent producers. With
 * {@code -Drwx.test.broker=container} it runs as a Testcontainers {@code KafkaContainer} of the image
 * {@code rwx.test.kafka.image} (default {@code apache/kafka:4.1.2}; {@code ./rwx images} builds a stand-in where no
 * registry is reachable); {@code container-if-available} does so only where a Docker engine answers (the test is
 * skipped otherwise, and fails instead when {@code RWX_REQUIRE_TOOLS} is set, as in CI).
 * <p>
 * One broker is shared by all tests of a JVM ({@link #shared()}); it is stopped when the test session ends.
 */
public final class KafkaBroker implements AutoCloseable {

    private static KafkaBroker shared;

    /** Strong references: JUL keeps loggers weakly, and a collected logger forgets its level. */
    private static final List<java.util.logging.Logger> QUIET_LOGGERS = new ArrayList<>();

    private final KafkaClusterTestKit cluster;
    private final KafkaBrokerContainer container;

    private KafkaBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
        this.container = null;
    }

    private KafkaBroker(KafkaBrokerContainer container) {
        this.cluster = null;
        this.container = container;
    }

    /** In this JVM, or in a container, as {@code rwx.test.broker} says. */
    static KafkaBroker startConfigured() {
        String mode = System.getProperty("rwx.test.broker", "in-jvm");
        if (mode.startsWith("container")) {
            KafkaBrokerContainer container = KafkaBrokerContainer.start(mode.equals("container-if-available"));
            KafkaBroker broker = new KafkaBroker(container);
            broker.createContractTopics(3);
            return broker;
        }
        return start();
    }

    /** Where the broker runs: {@code in-jvm} or the container image's name. */
    public String kind() {
        return container == null ? "in-jvm" : container.image();
    }

    /** Starts a new broker; prefer {@link #shared()} in tests. */
    public static KafkaBroker start() {
        quietBrokerLogs();
        keepBrokerFromEndingTheJvm();
        try {
            KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build())
                    .setConfigProp("offsets.topic.replication.factor", "1")
                    .setConfigProp("offsets.topic.num.partitions", "4")
                    .setConfigProp("transaction.state.log.replication.factor", "1")
                    .setConfigProp("transaction.state.log.min.isr", "1")
                    .setConfigProp("group.initial.rebalance.delay.ms", "0")
                    .setConfigProp("auto.create.topics.enable", "false")
                    .build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            KafkaBroker broker = new KafkaBroker(cluster);
            broker.createContractTopics(3);
            return broker;
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the Kafka test broker", e);
        }
    }

    /**
     * Kafka's server code ends the process (Exit.exit / Exit.halt) on errors it deems fatal, e.g. while shutting
     * down. In a test JVM that would turn a green run into a non-zero fork exit; like Kafka's own test harness,
     * replace the procedures with a loud log line (a real failure still shows up as failing tests).
     */
    private static void keepBrokerFromEndingTheJvm() {
        org.apache.kafka.common.utils.Exit.setExitProcedure((code, message) -> System.err.println(
                "[kafka-test-broker] Kafka asked to exit the JVM with " + code + ": " + message + " (ignored in tests)"));
        org.apache.kafka.common.utils.Exit.setHaltProcedure((code, message) -> System.err.println(
                "[kafka-test-broker] Kafka asked to halt the JVM with " + code + ": " + message + " (ignored in tests)"));
    }

    /** The broker logs every partition and coordinator transition at INFO; tests want its warnings only. */
    private static synchronized void quietBrokerLogs() {
        if (Boolean.getBoolean("rwx.kafka.verbose") || !QUIET_LOGGERS.isEmpty()) {
            return;
        }
        for (String name : List.of("kafka", "org.apache.kafka", "state.change.logger", "org.apache.zookeeper")) {
            java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
            logger.setLevel(java.util.logging.Level.WARNING);
            QUIET_LOGGERS.add(logger);
        }
    }

    /** The JVM-wide broker, started on first use, with every contract topic and its DLQ created. */
    public static synchronized KafkaBroker shared() {
        if (shared == null) {
            shared = startConfigured();
            System.out.println("test Kafka broker: " + shared.kind() + " at " + shared.bootstrapServers());
            // normally stopped by BrokerSessionListener when the test session ends; this is the fallback
            Runtime.getRuntime().addShutdownHook(new Thread(KafkaBroker::stopShared, "kafka-test-broker-stop"));
        }
        return shared;
    }

    /** Stops the JVM-wide broker, if one runs (idempotent). */
    public static synchronized void stopShared() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    public String bootstrapServers() {
        return container != null ? container.bootstrapServers() : cluster.bootstrapServers();
    }

    /** Creates the five contract topics and their {@code .dlq} topics (idempotent). */
    public void createContractTopics(int partitions) {
        List<String> names = new ArrayList<>();
        for (Topic topic : Topic.values()) {
            names.add(topic.defaultName());
            names.add(topic.defaultDlqName());
        }
        createTopics(names, partitions);
    }

    /** Creates topics that do not exist yet. */
    public void createTopics(Collection<String> names, int partitions) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            List<NewTopic> topics = names.stream().map(n -> new NewTopic(n, partitions, (short) 1)).toList();
            for (var entry : admin.createTopics(topics).values().entrySet()) {
                try {
                    entry.getValue().get(30, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + entry.getKey(), e.getCause());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("topic creation timed out", e);
        }
    }

    @Override
    public void close() {
        try {
            if (container != null) {
                container.close();
            } else {
                cluster.close();
            }
        } catch (Exception e) {
            // best effort at shutdown
        }
    }
}
