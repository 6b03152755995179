package io.rwx.kit.kubernetes;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/** How the services' informers behave when the API server fails them. */
public final class Informers {

    private static final org.jboss.logging.Logger LOG = org.jboss.logging.Logger.getLogger(Informers.class);

    private Informers() {
    }

    /**
     * {@code informer}, made to list again (with the client's backoff) after any error, before and after its first
     * list: by default a fabric8 informer whose first list fails (an API server slow to answer while the service
     * starts, a 10 s timeout) stops for good, and the service it feeds stays unready until restarted. Each error is
     * logged. Call it before the informer starts.
     */
    public static <T extends HasMetadata> SharedIndexInformer<T> retrying(SharedIndexInformer<T> informer, String what) {
        informer.exceptionHandler((started, error) -> {
            LOG.warnf("informer of %s: %s failed, listing again: %s", what, started ? "watch" : "first list", error);
            return true;
        });
        return informer;
    }
}
