/**
 * INTERNAL API: the collector behind {@link io.medic.metrics.MedicMetrics} (its tables of metrics and the
 * cardinality guard), label-value neutralisation, the JVM-wide registry of the JVM's metrics, and the
 * exposition (content negotiation, name filter, gzip). Not for use outside Medic; changes without notice.
 */
package io.medic.metrics.internal;
