package io.rwx.crds;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

@JsonInclude(JsonInclude.Include.NON_NULL)
@PreserveUnknownFields
@JsonIgnoreProperties(ignoreUnknown = true)
public class VolumeStatus {

    private String ownerID;

    private VolumeState state;

    @JsonPropertyDescription("healthy, degraded, faulted or unknown")
    private String robustness;

    private String currentNodeID;

    @JsonPropertyDescription("State of the volume's share-manager, written by share-manager-controller")
    private String shareState;

    @JsonPropertyDescription("nfs://<clusterIP>/<volume>, written by share-manager-controller")
    private String shareEndpoint;

    @JsonPropertyDescription("RFC 3339 UTC time of the last share-manager failure detection, written by failover-service")
    private String remountRequestedAt;

    @JsonPropertyDescription("Informational only: never trusted for decisions")
    private KubernetesStatus kubernetesStatus;

    public String getOwnerID() {
        return ownerID;
    }

    public void setOwnerID(String ownerID) {
        this.ownerID = ownerID;
    }

    public VolumeState getState() {
        return state;
    }

    public void setState(VolumeState state) {
        this.state = state;
    }

    public String getRobustness() {
        return robustness;
    }

    public void setRobustness(String robustness) {
        this.robustness = robustness;
    }

    public String getCurrentNodeID() {
        return currentNodeID;
    }

    public void setCurrentNodeID(String currentNodeID) {
        this.currentNodeID = currentNodeID;
    }

    public String getShareState() {
        return shareState;
    }

    public void setShareState(String shareState) {
        this.shareState = shareState;
    }

    public String getShareEndpoint() {
        return shareEndpoint;
    }

    public void setShareEndpoint(String shareEndpoint) {
        this.shareEndpoint = shareEndpoint;
    }

    public String getRemountRequestedAt() {
        return remountRequestedAt;
    }

    public void setRemountRequestedAt(String remountRequestedAt) {
        this.remountRequestedAt = remountRequestedAt;
    }

    public KubernetesStatus getKubernetesStatus() {
        return kubernetesStatus;
    }

    public void setKubernetesStatus(KubernetesStatus kubernetesStatus) {
        this.kubernetesStatus = kubernetesStatus;
    }
}
