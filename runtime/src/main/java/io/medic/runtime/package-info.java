/**
 * Medic's runtime: Erlang's processes on Akka Typed. A {@link io.medic.runtime.Node} (a BEAM node: one
 * ActorSystem plus its process table, registry and settings) runs processes — each
 * {@link io.medic.runtime.GenServer} ({@code gen_server}) or plain behaviour spawned with
 * {@link io.medic.runtime.Medic} ({@code spawn}, {@code send}, {@code exit}, {@code monitor}) — known by
 * their {@link io.medic.runtime.Pid}, readable without messaging them through the
 * {@link io.medic.runtime.ProcessTable} ({@code process_info/2}), named in the
 * {@link io.medic.runtime.Registry} ({@code register/2}), and answering {@link io.medic.runtime.Sys}
 * ({@code sys}) requests outside their own protocol. Errors are {@link io.medic.runtime.MedicException}s
 * named after Erlang's error terms; exit reasons are {@link io.medic.runtime.ExitReason}s.
 *
 * <p>The guide is {@code docs/runtime.md}; how the pieces fit, {@code docs/architecture.md}.
 */
package io.medic.runtime;
