/**
 * Medic's runtime: OTP's process model on Akka Typed. A {@link io.medic.runtime.Node} is one
 * ActorSystem with Medic's services; every actor spawned through Medic — a
 * {@link io.medic.runtime.GenServer} ({@code gen_server}), a supervisor, or a plain behaviour spawned
 * with {@link io.medic.runtime.Medic#spawn} ({@code erlang:spawn}) — is a process with a
 * {@link io.medic.runtime.Pid}, a record in the {@link io.medic.runtime.ProcessTable} that any thread
 * reads without messaging it ({@code process_info/2}), an optional registered name
 * ({@link io.medic.runtime.Registry}, {@code erlang:register/2}), monitors and exit signals
 * ({@link io.medic.runtime.Medic}), and the system protocol ({@link io.medic.runtime.Sys}, OTP's
 * {@code sys}). Failures are values ({@link io.medic.runtime.ExitReason}); errors Medic reports are
 * {@link io.medic.runtime.MedicException}s carrying OTP's error codes. See docs/runtime.md.
 */
package io.medic.runtime;
