package io.rwx.sharemanager.model;

import io.rwx.crds.AccessMode;
import io.rwx.crds.VolumeState;

import java.util.List;
import java.util.Optional;

/** When a volume's access mode may change. Pure. */
public final class AccessModeRules {

    /** The outcome of a requested change: allowed, or refused with a message that names what blocks it. */
    public record Verdict(boolean allowed, String message) {
        static Verdict allow() {
            return new Verdict(true, null);
        }

        static Verdict refuse(String message) {
            return new Verdict(false, message);
        }
    }

    private AccessModeRules() {
    }

    /** A volume bound through a PVC that asks for ReadWriteMany becomes rwx, but only while detached. */
    public static Optional<Verdict> upgradeForClaim(String volume, AccessMode current, VolumeState state,
            List<String> claimAccessModes, String claim) {
        if (current == AccessMode.RWX || claimAccessModes == null || !claimAccessModes.contains("ReadWriteMany")) {
            return Optional.empty();
        }
        if (state != VolumeState.DETACHED) {
            return Optional.of(Verdict.refuse("PVC " + claim + " is ReadWriteMany but volume " + volume + " is "
                    + (state == null ? "not detached" : state.value()) + ": the volume must be detached before its "
                    + "access mode can change from " + current.value() + " to rwx"));
        }
        return Optional.of(Verdict.allow());
    }

    /** A manually created volume's mode may change only while detached and not bound to a PVC. */
    public static Verdict change(String volume, VolumeState state, String boundClaim) {
        if (boundClaim != null) {
            return Verdict.refuse("volume " + volume + " is bound to PVC " + boundClaim
                    + ": its access mode follows the PVC and cannot be changed directly");
        }
        if (state != null && state != VolumeState.DETACHED) {
            return Verdict.refuse("volume " + volume + " is " + state.value()
                    + ": detach it before changing its access mode");
        }
        return Verdict.allow();
    }
}
