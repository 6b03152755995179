package io.rwx.crds;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Volume {@code spec.accessMode}. */
public enum AccessMode {
    RWO("rwo"), RWX("rwx"), RWOP("rwop");

    private final String value;

    AccessMode(String value) {
        this.value = value;
    }

    @JsonValue
    public String value() {
        return value;
    }

    @JsonCreator
    public static AccessMode fromValue(String value) {
        for (AccessMode m : values()) {
            if (m.value.equalsIgnoreCase(value)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown access mode '" + value + "', expected rwo, rwx or rwop");
    }

    /** The Kubernetes PV/PVC access mode that corresponds to this volume access mode. */
    public String kubernetesAccessMode() {
        return switch (this) {
            case RWO -> "ReadWriteOnce";
            case RWX -> "ReadWriteMany";
            case RWOP -> "ReadWriteOncePod";
        };
    }
}
