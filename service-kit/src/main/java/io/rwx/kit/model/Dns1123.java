package io.rwx.kit.model;

import java.util.regex.Pattern;

/** Kubernetes name rules (pure): every name from outside is checked against these before it reaches the API. */
public final class Dns1123 {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    private static final Pattern SUBDOMAIN = Pattern.compile(
            "[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*");

    private Dns1123() {
    }

    /** RFC 1123 label: namespaces, migration ids. */
    public static boolean isLabel(String s, int maxLength) {
        return s != null && s.length() <= maxLength && LABEL.matcher(s).matches();
    }

    /** RFC 1123 subdomain: PVC names. */
    public static boolean isSubdomain(String s) {
        return s != null && s.length() <= 253 && SUBDOMAIN.matcher(s).matches();
    }
}
