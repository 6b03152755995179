package io.rwx.crds;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Volume {@code status.state}; values written by another version of the storage layer read as UNKNOWN. */
public enum VolumeState {
    CREATING("creating"), ATTACHING("attaching"), ATTACHED("attached"), DETACHING("detaching"),
    DETACHED("detached"), DELETING("deleting"), UNKNOWN("");

    private final String value;

    VolumeState(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    @JsonCreator
    public static VolumeState fromValue(String value) {
        for (VolumeState s : values()) {
            if (s.value.equals(value)) {
                return s;
            }
        }
        return UNKNOWN;
    }
}
