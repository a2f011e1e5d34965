/**
 * Medic's system monitor: {@code erlang:system_monitor/2} for a Medic node (<i>Erlang in Anger</i>,
 * chapter 8.2). Detectors watch for long garbage collections ({@link io.medic.runtime.monitor.LongGc}),
 * handlers that run long ({@link io.medic.runtime.monitor.LongSchedule}), mailboxes that grow long
 * ({@link io.medic.runtime.monitor.LongMessageQueue}), processes whose state grows large
 * ({@link io.medic.runtime.monitor.LargeState}) and dispatchers whose every thread is busy
 * ({@link io.medic.runtime.monitor.BusyDispatcher}), each with a threshold under {@code medic.monitor}.
 * Their {@link io.medic.runtime.monitor.MonitorEvent}s go to a bounded ring, to subscribed processes
 * and listeners ({@link io.medic.runtime.monitor.SystemMonitor}), to the log and to Java Flight
 * Recorder; the introspection module serves them over HTTP.
 *
 * <p>The guide is {@code docs/monitoring.md}.
 */
package io.medic.runtime.monitor;
