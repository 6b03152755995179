package io.rwx.migration.model;

/** A pod that mounts a PVC, as validation sees it. */
public record PodMountView(String namespace, String name, String phase, boolean mountsReadWrite) {

    public boolean runningReadWrite() {
        return "Running".equals(phase) && mountsReadWrite;
    }
}
