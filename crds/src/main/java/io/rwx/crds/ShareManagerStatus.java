package io.rwx.crds;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
@PreserveUnknownFields
@JsonIgnoreProperties(ignoreUnknown = true)
public class ShareManagerStatus {

    private ShareManagerState state;

    @JsonPropertyDescription("Node that runs the share-manager pod")
    private String ownerID;

    @JsonPropertyDescription("nfs://<clusterIP>/<volume> while running")
    private String endpoint;

    public ShareManagerState getState() {
        return state;
    }

    public void setState(ShareManagerState state) {
        this.state = state;
    }

    public String getOwnerID() {
        return ownerID;
    }

    public void setOwnerID(String ownerID) {
        this.ownerID = ownerID;
    }

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }
}
