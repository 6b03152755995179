package io.rwx.events.common;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Volume access mode, with Longhorn's spelling. */
public enum AccessMode {
    @JsonProperty("rwo") RWO,
    @JsonProperty("rwx") RWX,
    @JsonProperty("rwop") RWOP
}
