package io.rwx.crds;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Version;

/** A Longhorn block volume ({@code volumes.longhorn.io/v1beta2}). */
@Group(Longhorn.GROUP)
@Version(Longhorn.VERSION)
@Plural("volumes")
@ShortNames("lhv")
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
