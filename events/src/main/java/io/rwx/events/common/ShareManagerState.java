package io.rwx.events.common;

import com.fasterxml.jackson.annotation.JsonProperty;

/** ShareManager {@code status.state}, with Longhorn's values. */
public enum ShareManagerState {
    @JsonProperty("starting") STARTING,
    @JsonProperty("running") RUNNING,
    @JsonProperty("stopping") STOPPING,
    @JsonProperty("stopped") STOPPED,
    @JsonProperty("error") ERROR,
    @JsonProperty("unknown") UNKNOWN
}
