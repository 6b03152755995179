package io.rwx.sharemanager.rest;

import io.fabric8.kubernetes.api.model.Quantity;
import io.rwx.kit.model.Dns1123;
import jakarta.ws.rs.core.Response;

import java.util.Optional;

/** Checks of names and sizes from requests: nothing reaches the API server before these pass. */
final class Names {

    private Names() {
    }

    static Optional<Response> invalidVolume(String name) {
        return Dns1123.isLabel(name, 63) ? Optional.empty() : Optional.of(Problems.of(400, "invalid-name", "name",
                "volume name '" + shown(name) + "' is not a DNS-1123 label (lower-case letters, digits and '-', at most "
                        + "63 characters)"));
    }

    static Optional<Response> invalidClaim(VolumeRequests.CreateClaim body) {
        if (body == null) {
            return Optional.of(Problems.of(400, "invalid-request", null, "a JSON body is required"));
        }
        if (!Dns1123.isLabel(body.namespace(), 63)) {
            return Optional.of(Problems.of(400, "invalid-name", "namespace", "namespace '" + shown(body.namespace())
                    + "' is not a DNS-1123 label"));
        }
        for (String[] field : new String[][] {{"pvcName", body.pvcName()}, {"pvName", body.pvName()},
                {"storageClassName", body.storageClassName()}}) {
            boolean optional = !field[0].equals("pvcName");
            if ((field[1] != null || !optional) && !Dns1123.isSubdomain(field[1])) {
                return Optional.of(Problems.of(400, "invalid-name", field[0], field[0] + " '" + shown(field[1])
                        + "' is not a DNS-1123 subdomain (at most 253 characters)"));
            }
        }
        return Optional.empty();
    }

    /** A size in bytes or a Kubernetes quantity, positive. */
    static Optional<Long> bytes(String size) {
        if (size == null || size.length() > 32) {
            return Optional.empty();
        }
        try {
            long b = new Quantity(size).getNumericalAmount().longValueExact();
            return b > 0 ? Optional.of(b) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A value from a request, clipped for an error message. */
    static String shown(String value) {
        if (value == null) {
            return "";
        }
        String printable = value.replaceAll("[^\\x20-\\x7e]", "?");
        return printable.length() <= 64 ? printable : printable.substring(0, 64) + "...";
    }
}
