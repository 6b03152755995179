package io.rwx.kit.metrics;

import io.micrometer.core.instrument.MeterRegistry;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The state behind a gauge, one per (registry, gauge). Micrometer binds a gauge to the object it was first
 * registered with and holds it weakly; an application restarted in the same JVM (Quarkus tests) registers again
 * on the same global registry and would otherwise report a dead object (NaN) or share state with another
 * registry's gauge. Keying the state by registry keeps exactly one live state per gauge.
 */
public final class GaugeStates {

    private static final Map<MeterRegistry, Map<String, AtomicInteger>> STATES =
            Collections.synchronizedMap(new WeakHashMap<>());

    private GaugeStates() {
    }

    public static AtomicInteger of(MeterRegistry registry, String gauge) {
        return STATES.computeIfAbsent(registry, r -> new ConcurrentHashMap<>())
                .computeIfAbsent(gauge, g -> new AtomicInteger());
    }
}
