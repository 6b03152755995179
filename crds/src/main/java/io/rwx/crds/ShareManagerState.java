package io.rwx.crds;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** ShareManager {@code status.state}, Longhorn's values. */
public enum ShareManagerState {
    STARTING("starting"), RUNNING("running"), STOPPING("stopping"), STOPPED("stopped"), ERROR("error"),
    UNKNOWN("unknown");

    private final String value;

    ShareManagerState(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    @JsonCreator
    public static ShareManagerState fromValue(String value) {
        for (ShareManagerState s : values()) {
            if (s.value.equals(value)) {
                return s;
            }
        }
        return UNKNOWN;
    }
}
