package io.rwx.crds;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** The NFS share of one RWX volume ({@code sharemanagers.longhorn.io/v1beta2}); name = volume name. */
@Group(Longhorn.GROUP)
@Version(Longhorn.VERSION)
@Plural("sharemanagers")
@ShortNames("lhsm")
@AdditionalPrinterColumn(name = "State", jsonPath = ".status.state", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Node", jsonPath = ".status.ownerID", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Endpoint", jsonPath = ".status.endpoint", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp", type = AdditionalPrinterColumn.Type.DATE)
public class ShareManager extends CustomResource<ShareManagerSpec, ShareManagerStatus> implements Namespaced {

    @Override
    protected ShareManagerSpec initSpec() {
        return new ShareManagerSpec();
    }

    @Override
    protected ShareManagerStatus initStatus() {
        return new ShareManagerStatus();
    }
}
