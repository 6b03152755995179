package io.rwx.crds;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.crd.generator.annotation.PreserveUnknownFields;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.ArrayList;
import java.util.List;

/** Volume {@code status.kubernetesStatus}, Longhorn's shape. Informational: decisions derive PV → PVC → pods. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@PreserveUnknownFields
@JsonIgnoreProperties(ignoreUnknown = true)
public class KubernetesStatus {

    private String pvName;
    private String pvStatus;
    private String namespace;
    private String pvcName;
    private String lastPVCRefAt;
    private String lastPodRefAt;
    private List<WorkloadStatus> workloadsStatus = new ArrayList<>();

    public String getPvName() {
        return pvName;
    }

    public void setPvName(String pvName) {
        this.pvName = pvName;
    }

    public String getPvStatus() {
        return pvStatus;
    }

    public void setPvStatus(String pvStatus) {
        this.pvStatus = pvStatus;
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public String getPvcName() {
        return pvcName;
    }

    public void setPvcName(String pvcName) {
        this.pvcName = pvcName;
    }

    public String getLastPVCRefAt() {
        return lastPVCRefAt;
    }

    public void setLastPVCRefAt(String lastPVCRefAt) {
        this.lastPVCRefAt = lastPVCRefAt;
    }

    public String getLastPodRefAt() {
        return lastPodRefAt;
    }

    public void setLastPodRefAt(String lastPodRefAt) {
        this.lastPodRefAt = lastPodRefAt;
    }

    public List<WorkloadStatus> getWorkloadsStatus() {
        return workloadsStatus;
    }

    public void setWorkloadsStatus(List<WorkloadStatus> workloadsStatus) {
        this.workloadsStatus = workloadsStatus;
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public static class WorkloadStatus {
        private String podName;
        private String podStatus;
        private String workloadName;
        private String workloadType;

        public String getPodName() {
            return podName;
        }

        public void setPodName(String podName) {
            this.podName = podName;
        }

        public String getPodStatus() {
            return podStatus;
        }

        public void setPodStatus(String podStatus) {
            this.podStatus = podStatus;
        }

        public String getWorkloadName() {
            return workloadName;
        }

        public void setWorkloadName(String workloadName) {
            this.workloadName = workloadName;
        }

        public String getWorkloadType() {
            return workloadType;
        }

        public void setWorkloadType(String workloadType) {
            this.workloadType = workloadType;
        }
    }
}
