package io.medic.metrics.internal;

import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * INTERNAL API
 *
 * <p>The JVM's metrics, from the Prometheus client's JVM instrumentation ({@code JvmMetrics}: memory and
 * its pools, buffer pools, garbage collection, threads, classes, JIT compilation, runtime info, and the
 * process's CPU time, file descriptors and memory), in one registry for the whole JVM: they describe the
 * JVM, not a node, and the instrumentation registers its GC listeners once per registry, so a registry
 * per node would add listeners for every node started. Created on first use.
 */
public final class JvmRegistry {
    private JvmRegistry() {
    }

    private static final class Holder {
        static final PrometheusRegistry REGISTRY = create();

        private static PrometheusRegistry create() {
            PrometheusRegistry r = new PrometheusRegistry();
            JvmMetrics.builder().register(r);
            return r;
        }
    }

    /** The registry holding the JVM's metrics. */
    public static PrometheusRegistry get() {
        return Holder.REGISTRY;
    }
}
