package io.rwx.volumewatcher.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises a FailedMount message that says the node lacks the NFS mount helper, e.g.
 * "... bad option; for several filesystems (e.g. nfs, cifs) you might need a /sbin/mount.&lt;type&gt; helper program."
 */
public final class MountFailures {

    private static final Pattern HELPER = Pattern.compile("you might need a /sbin/mount\\.\\S+ helper program");
    private static final Pattern TYPE = Pattern.compile("-t\\s+(nfs4?)\\b");

    private MountFailures() {
    }

    /** The mount type ("nfs", "nfs4") if the message is the missing-helper failure of an NFS mount. */
    public static Optional<String> missingNfsHelper(String message) {
        if (message == null || !HELPER.matcher(message).find()) {
            return Optional.empty();
        }
        Matcher t = TYPE.matcher(message);
        if (t.find()) {
            return Optional.of(t.group(1));
        }
        return message.contains("nfs") ? Optional.of("nfs") : Optional.empty();
    }
}
