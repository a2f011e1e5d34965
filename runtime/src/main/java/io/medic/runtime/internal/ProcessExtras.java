package io.medic.runtime.internal;

import io.medic.runtime.InitResult;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.concurrent.CompletableFuture;

/**
 * INTERNAL API
 *
 * <p>What a process needs only now and then, in one object that its record points to while any of it
 * is in use and drops when none is: the answer to its start (until given), messages held back
 * (suspended or initializing), calls answered later ({@code noreply}), its sys debug options, and once
 * it has crashed, its crash report. An idle
 * process carries one null reference instead of four (the process table holds hundreds of thousands
 * of them).
 *
 * <p>Everything here is read and written on the process's own thread only, except {@link #heldCount}
 * and {@link #heldSince}, which the process publishes with opaque stores for other threads'
 * {@code message_queue_len} and {@code oldest_message_age_ms}, and {@link #crash}, volatile; they reach
 * this object through the record's acquire load.
 */
final class ProcessExtras {
    private static final VarHandle HELD_COUNT;
    private static final VarHandle HELD_SINCE;

    static {
        try {
            HELD_COUNT = MethodHandles.lookup().findVarHandle(ProcessExtras.class, "heldCount", int.class);
            HELD_SINCE = MethodHandles.lookup().findVarHandle(ProcessExtras.class, "heldSince", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The start's outcome, until it is answered. */
    CompletableFuture<InitResult> init;
    /** Messages held back, oldest first. */
    ArrayDeque<Object> held;
    private int heldCount;
    /** When the oldest message held now was held (a {@link CountingMessageQueue#stamp}). */
    private int heldSince;
    /** Calls answered with noreply, to fail if the process stops before replying. */
    ArrayList<Call> pending;
    int pruneAt;
    /** Sys debug options (statistics, log, trace, installed functions), while any is on. */
    SysDebug debug;
    /** A GenServer's idle timeout armed now ({@code {noreply, S, Timeout}}). */
    Messages.IdleTimeout idleTimeout;
    /**
     * The crash report the process wrote as it exited, kept with its (dead) record. Volatile: written
     * once by the process, read by any thread holding the pid.
     */
    volatile io.medic.runtime.CrashReport crash;

    /** Publishes the number of held messages (opaque): the process's own thread. */
    void publishHeld() {
        HELD_COUNT.setOpaque(this, held == null ? 0 : held.size());
    }

    /** The number of held messages, as last published (opaque): any thread. */
    int heldCount() {
        return (int) HELD_COUNT.getOpaque(this);
    }

    /** The first message of a run of held ones is held now (opaque): the process's own thread. */
    void heldFrom(int stamp) {
        HELD_SINCE.setOpaque(this, stamp);
    }

    /**
     * How long the oldest message held now has been held, in milliseconds (0 when none is): any
     * thread. Messages are held as they are taken from the mailbox, so this is close to their age; a
     * run of held messages counts from when its first one was held.
     */
    long heldAgeMillis(long nowNanos) {
        return heldCount() == 0 ? 0 : CountingMessageQueue.ageMillis((int) HELD_SINCE.getOpaque(this), nowNanos);
    }

    /** Nothing in use: the record may drop this object. */
    boolean isEmpty() {
        return init == null && (held == null || held.isEmpty()) && (pending == null || pending.isEmpty())
                && debug == null && idleTimeout == null && crash == null;
    }
}
