package io.rwx.crds;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A Longhorn block volume ({@code volumes.longhorn.io/v1beta2}). The class models the fields this system reads and
 * writes; the CRD keeps every other field (spec and status preserve unknown fields), and the services write only
 * their own fields with merge patches, so a Longhorn volume loses nothing.
 */
@Group(Longhorn.GROUP)
@Version(Longhorn.VERSION)
@Plural("volumes")
@ShortNames("lhv")
@AdditionalPrinterColumn(name = "State", jsonPath = ".status.state", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Robustness", jsonPath = ".status.robustness", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Access Mode", jsonPath = ".spec.accessMode", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Size", jsonPath = ".spec.size", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Node", jsonPath = ".status.currentNodeID", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class Volume extends CustomResource<VolumeSpec, VolumeStatus> implements Namespaced {

    @Override
    protected VolumeSpec initSpec() {
        return new VolumeSpec();
    }

    @Override
    protected VolumeStatus initStatus() {
        return new VolumeStatus();
    }
}
