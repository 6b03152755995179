package io.rwx.kit.kubernetes;

/**
 * What a gateway's {@code reconcile(namespace, name, desiredOrNull)} did, with the object as it is afterwards
 * (null once deleted, or when nothing exists and nothing is wanted).
 */
public sealed interface ReconcileResult<T> {

    T object();

    /** Did this call change anything in the cluster? */
    default boolean changed() {
        return !(this instanceof Noop);
    }

    record Noop<T>(T object) implements ReconcileResult<T> {
    }

    record Created<T>(T object) implements ReconcileResult<T> {
    }

    record Patched<T>(T object) implements ReconcileResult<T> {
    }

    record Deleted<T>(T object) implements ReconcileResult<T> {
    }

    static <T> ReconcileResult<T> noop(T object) {
        return new Noop<>(object);
    }
}
