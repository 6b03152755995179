package io.rwx.migration.model;

import java.util.List;

/**
 * What validation needs of a PVC.
 *
 * @param capacityBytes bound capacity ({@code status.capacity}), else the request; null if neither is known
 */
public record PvcView(String namespace, String name, List<String> accessModes, Long capacityBytes) {

    public PvcView {
        accessModes = accessModes == null ? List.of() : List.copyOf(accessModes);
    }

    public String fullName() {
        return namespace + "/" + name;
    }
}
