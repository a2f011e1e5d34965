/**
 * INTERNAL API: how the runtime is built, for Medic's own modules only (their public API is in
 * {@code io.medic.runtime}). The node's services (settings, coarse clock, process table, registry, the
 * spawn procedure every process goes through), each process's record and core (the accounting it
 * writes and other threads read, its held messages and sys handling), the counting mailbox, the
 * dispatch of plain behaviours, the requests and control messages between processes, the start-up
 * check of {@code medic.*} keys, and the one class that depends on Akka's internals.
 *
 * <p>Nothing here is stable: other modules and users must not depend on it. See
 * {@code docs/architecture.md}.
 */
package io.medic.runtime.internal;
