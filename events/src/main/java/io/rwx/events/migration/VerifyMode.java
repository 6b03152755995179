package io.rwx.events.migration;

import com.fasterxml.jackson.annotation.JsonProperty;

public enum VerifyMode {
    @JsonProperty("none") NONE,
    @JsonProperty("size") SIZE,
    @JsonProperty("checksum") CHECKSUM
}
