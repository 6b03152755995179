package io.rwx.kit.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClientException;

/** How a failed API call should be treated. */
public final class ApiErrors {

    private ApiErrors() {
    }

    public static int code(Throwable e) {
        return e instanceof KubernetesClientException k ? k.getCode() : -1;
    }

    /** 409 (re-read and retry), 429 and 5xx (the server is busy or failing), 0 (no answer): worth another try. */
    public static boolean retriable(Throwable e) {
        int code = code(e);
        return code == 409 || code == 429 || code == 0 || code >= 500;
    }

    public static boolean notFound(Throwable e) {
        return code(e) == 404;
    }

    public static boolean conflict(Throwable e) {
        return code(e) == 409;
    }
}
