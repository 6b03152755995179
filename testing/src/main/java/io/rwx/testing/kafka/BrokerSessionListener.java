package io.rwx.testing.kafka;

import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Stops the JVM-wide test broker when the JUnit session ends (after every test class, and after Quarkus has
 * stopped its application), on the test thread, instead of in a JVM shutdown hook racing the logging shutdown.
 * Registered through {@code META-INF/services}.
 */
public class BrokerSessionListener implements LauncherSessionListener {

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        KafkaBroker.stopShared();
    }
}
