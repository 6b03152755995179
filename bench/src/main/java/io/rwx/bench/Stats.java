package io.rwx.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A distribution of measurements in milliseconds: min, median, p95, p99, max. */
final class Stats {

    private final List<Double> values = new ArrayList<>();

    void add(double millis) {
        values.add(millis);
    }

    int count() {
        return values.size();
    }

    double percentile(double p) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    double median() {
        return percentile(50);
    }

    /** {@code min / median / p95 / p99 / max ms (n)}. */
    String describe() {
        if (values.isEmpty()) {
            return "no samples";
        }
        return String.format("%s / %s / %s / %s / %s ms (n=%d)", ms(percentile(0)), ms(median()), ms(percentile(95)),
                ms(percentile(99)), ms(percentile(100)), values.size());
    }

    static String ms(double v) {
        return v >= 100 ? String.format("%.0f", v) : String.format("%.1f", v);
    }
}
