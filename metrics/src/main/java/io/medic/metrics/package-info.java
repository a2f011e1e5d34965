/**
 * Medic metrics: a node's metrics in the Prometheus exposition format through the official Prometheus
 * Java client, served as {@code GET /medic/metrics} ({@link io.medic.metrics.MetricsRoutes}) or collected
 * from Java ({@link io.medic.metrics.MedicMetrics}), with a cardinality guard on per-process series
 * ({@link io.medic.metrics.MetricsSettings}). Reference: docs/metrics.md.
 */
package io.medic.metrics;
