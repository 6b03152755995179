package io.rwx.kit.model;

/**
 * One Kubernetes permission a request needs its caller to have, and why: {@code verb} on {@code group/resource}
 * in {@code namespace} (null: cluster-scoped or every namespace), optionally one object by {@code name}.
 */
public record Permission(String verb, String group, String resource, String namespace, String name, String why) {

    public static Permission of(String verb, String group, String resource, String namespace, String why) {
        return new Permission(verb, group, resource, namespace, null, why);
    }

    /** {@code update persistentvolumeclaims in namespace demo}, for messages. */
    public String describe() {
        return verb + " " + (group == null || group.isEmpty() ? "" : group + "/") + resource
                + (name == null ? "" : " " + name) + (namespace == null ? "" : " in namespace " + namespace);
    }
}
