package io.rwx.migration.model;

/** A pod that mounts a PVC, as validation sees it. */
public record PodMountView(String namespace, String name, String phase, boolean mountsReadWrite) {

    /** Running, or about to run (Pending): its containers have, or will have, the volume mounted. */
    public boolean active() {
        return "Running".equals(phase) || "Pending".equals(phase);
    }

    public boolean runningReadWrite() {
        return "Running".equals(phase) && mountsReadWrite;
    }
}
