package io.rwx.events;

import java.util.List;

/** Field checks used by the payload records, so a bad event is rejected naming its field. */
public final class Check {

    private Check() {
    }

    public static String text(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new MalformedEventException(field, "required field '" + field + "' is missing or empty");
        }
        return value;
    }

    public static <T> T present(T value, String field) {
        if (value == null) {
            throw new MalformedEventException(field, "required field '" + field + "' is missing");
        }
        return value;
    }

    public static long notNegative(long value, String field) {
        if (value < 0) {
            throw new MalformedEventException(field, "field '" + field + "' must not be negative, was " + value);
        }
        return value;
    }

    public static <T> List<T> list(List<T> value) {
        return value == null ? List.of() : List.copyOf(value);
    }
}
