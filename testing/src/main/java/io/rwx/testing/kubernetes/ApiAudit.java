package io.rwx.testing.kubernetes;

import io.fabric8.kubernetes.client.utils.Serialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * An audit log of the requests the rwx services sent to an {@link ApiServer}, one JSON {@link ApiRequest} per line,
 * kept across {@link ApiServer#clearRequests()}. Every test JVM that sets {@code rwx.api-audit.dir} (the build does,
 * to {@code target/api-requests}) leaves one file per server there; the RBAC coverage check in {@code system-tests}
 * reads them all and checks each request against the requesting service's rules in {@code deploy/}.
 */
final class ApiAudit {

    static final String DIR_PROPERTY = "rwx.api-audit.dir";

    private final Path file;

    private ApiAudit(Path file) {
        this.file = file;
    }

    /** The audit log {@code rwx.api-audit.dir} asks for, or null when it is not set. */
    static ApiAudit fromSystemProperty() {
        String dir = System.getProperty(DIR_PROPERTY);
        if (dir == null || dir.isBlank()) {
            return null;
        }
        try {
            Path directory = Files.createDirectories(Path.of(dir));
            return new ApiAudit(directory.resolve("api-" + UUID.randomUUID() + ".jsonl"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the API audit directory " + dir, e);
        }
    }

    /** Appends a request of an rwx service; the test harness's own requests are not audited. */
    synchronized void append(ApiRequest request) {
        String service = request.service();
        if (service == null || service.equals("test-harness")) {
            return;
        }
        try {
            Files.writeString(file, Serialization.asJson(request) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the API audit log " + file, e);
        }
    }
}
