package io.rwx.crds;

import java.util.Map;

/** Names, labels and well-known values of the Kubernetes model, in one place. */
public final class Longhorn {

    public static final String GROUP = "longhorn.io";
    public static final String VERSION = "v1beta2";
    public static final String API_VERSION = GROUP + "/" + VERSION;

    /** Default system namespace; every service takes it from configuration. */
    public static final String DEFAULT_SYSTEM_NAMESPACE = "longhorn-system";

    /** CSI driver name: a PV belongs to volume X when spec.csi.driver is this and spec.csi.volumeHandle is X. */
    public static final String CSI_DRIVER = "driver.longhorn.io";

    public static final String COMPONENT_LABEL = "longhorn.io/component";
    public static final String COMPONENT_SHARE_MANAGER = "share-manager";
    public static final String SHARE_MANAGER_LABEL = "longhorn.io/share-manager";

    public static final String SHARE_MANAGER_POD_PREFIX = "share-manager-";
    public static final String SHARE_MANAGER_CONTAINER = "share-manager";
    public static final String NFS_PORT_NAME = "nfs";
    public static final int NFS_PORT = 2049;

    /** Setting keys and defaults. */
    public static final String SETTING_AUTO_DELETE_POD = "auto-delete-pod-when-volume-detached-unexpectedly";
    public static final String SETTING_AUTO_DELETE_POD_DEFAULT = "true";
    public static final String SETTING_AUTO_DELETE_BLACKLIST = "blacklist-for-auto-delete-pod-when-volume-detached-unexpectedly";
    public static final String SETTING_AUTO_DELETE_BLACKLIST_DEFAULT = "";
    public static final String SETTING_NODE_DOWN_POD_DELETION_POLICY = "node-down-pod-deletion-policy";
    public static final String SETTING_NODE_DOWN_POD_DELETION_POLICY_DEFAULT = "do-nothing";

    private Longhorn() {
    }

    /** {@code share-manager-<volume>}. */
    public static String shareManagerPodName(String volume) {
        return SHARE_MANAGER_POD_PREFIX + volume;
    }

    /** The endpoint Service is named after the volume. */
    public static String shareManagerServiceName(String volume) {
        return volume;
    }

    /** Labels of a share-manager pod; the Service selects on {@link #shareManagerSelector(String)}. */
    public static Map<String, String> shareManagerPodLabels(String volume) {
        return Map.of(COMPONENT_LABEL, COMPONENT_SHARE_MANAGER, SHARE_MANAGER_LABEL, volume);
    }

    public static Map<String, String> shareManagerSelector(String volume) {
        return Map.of(SHARE_MANAGER_LABEL, volume);
    }

    /** {@code nfs://<clusterIP>/<volume>}. */
    public static String nfsEndpoint(String clusterIP, String volume) {
        return "nfs://" + clusterIP + "/" + volume;
    }
}
