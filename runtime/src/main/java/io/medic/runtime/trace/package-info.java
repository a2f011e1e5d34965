/**
 * Trace sessions: recon_trace for Medic's message-passing processes. {@link io.medic.runtime.trace.Trace}
 * starts a session from a {@link io.medic.runtime.trace.TraceSpec} — the processes
 * ({@link io.medic.runtime.trace.PidSpec}, recon's pid specs), the events
 * ({@link io.medic.runtime.trace.TraceEventKind}), a message filter, the mandatory
 * {@link io.medic.runtime.trace.TraceLimit} and a time to live — and hands its
 * {@link io.medic.runtime.trace.TraceEvent}s to a consumer until it ends, always saying why
 * ({@link io.medic.runtime.trace.TraceEndReason}). What could hurt the node is refused by rule
 * ({@link io.medic.runtime.trace.TraceRefusedException}, recon's {@code dangerous_combo}).
 *
 * <p>The per-process {@code sys:trace/2} is {@link io.medic.runtime.Sys#trace}. The guide is
 * {@code docs/tracing.md}.
 */
package io.medic.runtime.trace;
