package io.rwx.sharemanager.rest;

import io.rwx.crds.Volume;

/** A volume as the API lists it. */
public record VolumeView(String name, String accessMode, String size, String state, String shareState,
        String shareEndpoint, String nodeID, String pvc) {

    static VolumeView of(Volume v, String pvc) {
        return new VolumeView(v.getMetadata().getName(),
                v.getSpec().getAccessMode() == null ? null : v.getSpec().getAccessMode().value(), v.getSpec().getSize(),
                v.getStatus() == null || v.getStatus().getState() == null ? null : v.getStatus().getState().value(),
                v.getStatus() == null ? null : v.getStatus().getShareState(),
                v.getStatus() == null ? null : v.getStatus().getShareEndpoint(), v.getSpec().getNodeID(), pvc);
    }
}
