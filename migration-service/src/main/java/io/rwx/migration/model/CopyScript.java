package io.rwx.migration.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The copy command of the migration Job: {@code /bin/sh -c <copy.sh>}, the script kept next to this class. The
 * same text is what the Job runs and what the tests run on real directories.
 */
public final class CopyScript {

    public static final String SCRIPT = load();

    private CopyScript() {
    }

    private static String load() {
        try (InputStream in = CopyScript.class.getResourceAsStream("copy.sh")) {
            if (in == null) {
                throw new IllegalStateException("copy.sh is missing from the class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
