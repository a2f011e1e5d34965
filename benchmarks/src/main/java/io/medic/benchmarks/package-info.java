/**
 * Medic's JMH benchmarks (each class's Javadoc gives its command) and the three programs that run them
 * as docs/performance.md reports: {@link io.medic.benchmarks.Suite} (the runtime's benchmarks in
 * rounds, with the load average), {@link io.medic.benchmarks.Interleaved} (paired ratios on a busy
 * machine) and {@link io.medic.benchmarks.HeapPerProcess} (heap bytes per idle process). Every
 * measurement compares Medic with plain Akka Typed in the same run; the actors, servers and states
 * they share live in {@link io.medic.benchmarks.fixtures}.
 */
package io.medic.benchmarks;
