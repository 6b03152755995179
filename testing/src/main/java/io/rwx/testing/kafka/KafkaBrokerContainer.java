package io.rwx.testing.kafka;

import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The test broker as a Testcontainers {@link KafkaContainer}: the official {@code apache/kafka} image, or an image
 * configured the same way: {@code rwx.test.kafka.image} or {@code RWX_KAFKA_IMAGE} if set, else apache/kafka if it is
 * present, else the stand-in {@code ./rwx images} builds where no registry is reachable if that is present, else
 * apache/kafka pulled. Ryuk, the
 * reaper container, cannot be pulled where no registry is reachable, so the container is removed here, explicitly,
 * when the broker is closed (and by a shutdown hook if the JVM ends first).
 */
final class KafkaBrokerContainer implements AutoCloseable {

    static final String DEFAULT_IMAGE = "apache/kafka:4.1.2";
    /** What {@code ./rwx images} builds where apache/kafka cannot be pulled. */
    static final String STAND_IN_IMAGE = "rwx/kafka-standin:4.1.2";

    private final KafkaContainer container;
    private final String image;

    private KafkaBrokerContainer(KafkaContainer container, String image) {
        this.container = container;
        this.image = image;
    }

    /** @param onlyIfDocker skip the calling test (an assumption) when no Docker engine answers, unless CI requires one */
    static KafkaBrokerContainer start(boolean onlyIfDocker) {
        boolean docker = DockerClientFactory.instance().isDockerAvailable();
        boolean required = "1".equals(System.getenv("RWX_REQUIRE_TOOLS"));
        if (!docker && onlyIfDocker && !required) {
            Assumptions.abort("no Docker engine answers: the Testcontainers broker is not available here");
        }
        if (!docker) {
            throw new IllegalStateException("rwx.test.broker=container needs a Docker engine, and none answers");
        }
        String image = System.getProperty("rwx.test.kafka.image", System.getenv("RWX_KAFKA_IMAGE"));
        if (image == null || image.isBlank()) {
            image = !present(DEFAULT_IMAGE) && present(STAND_IN_IMAGE) ? STAND_IN_IMAGE : DEFAULT_IMAGE;
        }
        KafkaContainer container = new KafkaContainer(DockerImageName.parse(image)
                .asCompatibleSubstituteFor("apache/kafka"))
                // published on loopback only, on a free port (Testcontainers would publish on every interface)
                .withCreateContainerCmdModifier(cmd -> cmd.getHostConfig().withPortBindings(new PortBinding(
                        Ports.Binding.bindIp("127.0.0.1"), ExposedPort.tcp(9092))));
        container.start();
        KafkaBrokerContainer broker = new KafkaBrokerContainer(container, image);
        Runtime.getRuntime().addShutdownHook(new Thread(broker::close, "kafka-test-container-stop"));
        return broker;
    }

    private static boolean present(String image) {
        try {
            DockerClientFactory.instance().client().inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    String bootstrapServers() {
        return container.getBootstrapServers();
    }

    String image() {
        return image;
    }

    @Override
    public void close() {
        if (container.isCreated()) {
            container.stop(); // stops and removes the container and its anonymous volumes
        }
    }
}
