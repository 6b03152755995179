package io.rwx.crds;

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
