package io.rwx.migration.model;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How far a running copy is, from the last progress line the copy printed (rsync {@code --info=progress2}):
 * {@code   30000000  99%  182.03MB/s    0:00:00 (xfr#1, to-chk=3/5)}: bytes copied so far, percent of the bytes to
 * copy, the current rate, files transferred, and files left to check of the total.
 *
 * @param filesDone  files checked so far (the total minus those left), null before rsync reported them
 * @param filesTotal files in the tree, null before rsync reported them
 */
public record CopyProgress(long bytesCopied, int percent, Long bytesPerSecond, Long filesDone, Long filesTotal) {

    private static final Pattern LINE = Pattern.compile(
            "^\\s*([0-9][0-9,]*)\\s+([0-9]{1,3})%\\s+([0-9.]+)([kMGT]?)B/s\\s+\\S+(?:\\s+\\(xfr#([0-9]+), (?:to|ir)-chk=([0-9]+)/([0-9]+)\\))?\\s*$");

    /** The last progress line of {@code log}, if any. */
    public static Optional<CopyProgress> lastOf(String log) {
        if (log == null) {
            return Optional.empty();
        }
        String[] lines = log.split("[\\r\\n]+");
        for (int i = lines.length - 1; i >= 0; i--) {
            Matcher m = LINE.matcher(lines[i]);
            if (m.matches()) {
                long bytes = Long.parseLong(m.group(1).replace(",", ""));
                int percent = Math.min(100, Integer.parseInt(m.group(2)));
                long rate = (long) (Double.parseDouble(m.group(3)) * switch (m.group(4)) {
                    case "k" -> 1_000d;
                    case "M" -> 1_000_000d;
                    case "G" -> 1_000_000_000d;
                    case "T" -> 1_000_000_000_000d;
                    default -> 1d;
                });
                Long total = m.group(7) == null ? null : Long.valueOf(m.group(7));
                Long done = total == null ? null : total - Long.parseLong(m.group(6));
                return Optional.of(new CopyProgress(bytes, percent, rate, done, total));
            }
        }
        return Optional.empty();
    }

    /** Seconds left at the current rate, or null when it cannot be told. */
    public Long etaSeconds() {
        if (bytesPerSecond == null || bytesPerSecond <= 0 || percent <= 0 || percent >= 100) {
            return null;
        }
        long total = bytesCopied * 100 / percent;
        return Math.max(0, (total - bytesCopied) / bytesPerSecond);
    }
}
