/**
 * The overload tools of <i>Erlang in Anger</i>'s chapter 3 for Medic processes, each with counters
 * readable from Java: {@link io.medic.runtime.overload.Breaker} (circuit breaker, on Akka's
 * {@code CircuitBreaker}: fuse, circuit_breaker), {@link io.medic.runtime.overload.Valve} (bounded
 * concurrency and a bounded, timed queue: jobs, safetyvalve) and
 * {@link io.medic.runtime.overload.RandomEarlyDrop} (random drop at the producer). Breakers and valves
 * are named and listed per node by {@link io.medic.runtime.overload.Breakers} and
 * {@link io.medic.runtime.overload.Valves}; a process can own them.
 *
 * <p>What refuses a request fails it with {@link io.medic.runtime.OverloadedException} (code
 * {@code overloaded}). Back-pressure on sockets is in {@link io.medic.runtime.ports.TcpSocket#setActive}.
 * The guide is {@code docs/overload.md}.
 */
package io.medic.runtime.overload;
