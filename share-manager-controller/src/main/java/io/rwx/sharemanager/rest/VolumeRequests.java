package io.rwx.sharemanager.rest;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Request bodies of the volume API. */
public final class VolumeRequests {

    private VolumeRequests() {
    }

    @Schema(description = "A manually created volume (restore, DR)")
    public record CreateVolume(@Schema(required = true) String name,
            @Schema(required = true, description = "Size in bytes, or a Kubernetes quantity such as 10Gi") String size,
            @Schema(required = true, description = "rwo, rwx or rwop") String accessMode) {
    }

    public record ChangeAccessMode(@Schema(required = true, description = "rwo, rwx or rwop") String accessMode) {
    }

    @Schema(description = "Create a PV for the volume and a PVC bound to it; both take the volume's access mode")
    public record CreateClaim(@Schema(required = true) String namespace, @Schema(required = true) String pvcName,
            @Schema(description = "Default: the volume name") String pvName,
            @Schema(description = "Default: longhorn") String storageClassName) {
    }

    /** An error: a machine-readable reason, the request field at fault (if one is), and a sentence for people. */
    public record Problem(String reason, String field, String message) {
    }
}
