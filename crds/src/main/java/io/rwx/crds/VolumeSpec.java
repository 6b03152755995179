package io.rwx.crds;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;

@JsonInclude(JsonInclude.Include.NON_NULL)
@PreserveUnknownFields
@JsonIgnoreProperties(ignoreUnknown = true)
public class VolumeSpec {

    @JsonPropertyDescription("rwo, rwx or rwop")
    @Default("rwo")
    private AccessMode accessMode;

    @JsonPropertyDescription("Size in bytes, as a decimal string (Longhorn's format)")
    private String size;

    @JsonPropertyDescription("Node the volume should be attached to; empty to detach")
    private String nodeID;

    private Integer numberOfReplicas;

    @JsonPropertyDescription("Longhorn frontend, e.g. blockdev")
    private String frontend;

    public AccessMode getAccessMode() {
        return accessMode;
    }

    public void setAccessMode(AccessMode accessMode) {
        this.accessMode = accessMode;
    }

    public String getSize() {
        return size;
    }

    public void setSize(String size) {
        this.size = size;
    }

    public String getNodeID() {
        return nodeID;
    }

    public void setNodeID(String nodeID) {
        this.nodeID = nodeID;
    }

    public Integer getNumberOfReplicas() {
        return numberOfReplicas;
    }

    public void setNumberOfReplicas(Integer numberOfReplicas) {
        this.numberOfReplicas = numberOfReplicas;
    }

    public String getFrontend() {
        return frontend;
    }

    public void setFrontend(String frontend) {
        this.frontend = frontend;
    }
}
