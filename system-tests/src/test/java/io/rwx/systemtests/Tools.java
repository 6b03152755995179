package io.rwx.systemtests;

import org.junit.jupiter.api.Assumptions;

import java.util.List;

/**
 * Command-line tools the system tests run (kubectl, promtool, node). Where one is missing the test is skipped,
 * unless CI requires every tool: {@code RWX_REQUIRE_TOOLS=1} (set by {@code .ci/run}) makes it a failure.
 */
final class Tools {

    private Tools() {
    }

    static boolean required() {
        return "1".equals(System.getenv("RWX_REQUIRE_TOOLS"));
    }

    static void assumeAvailable(String tool, List<String> probe, String debianPackage) {
        Docker.Result r = Docker.run(Docker.REPO, 60, probe);
        if (r.exit() == 0) {
            return;
        }
        String why = tool + " is not available (" + String.join(" ", probe) + " exited " + r.exit()
                + "); Debian package: " + debianPackage;
        if (required()) {
            throw new AssertionError("RWX_REQUIRE_TOOLS=1 but " + why);
        }
        Assumptions.assumeTrue(false, () -> "skipped: " + why + " (set RWX_REQUIRE_TOOLS=1 to make it a failure)");
    }
}
