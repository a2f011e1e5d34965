package io.medic.runtime.internal;

/**
 * INTERNAL API
 *
 * <p>Which Medic process runs a handler on the calling thread: what a send needs to know its sender
 * (a trace's {@code receive} events name it).
 *
 * <p>This implementation knows it only while a trace session needs it: the processes' tracers record
 * the process on its thread when a handler starts ({@link ProcessTracer#enter}), and the answer is
 * checked against the record itself (a handler runs now, on this thread), so a stale entry left by a
 * process that has finished is never returned. The accounting's per-thread table replaces it (issue 11:
 * one record of the process running on each dispatcher thread, kept for every handler).
 */
public final class Running {
    private Running() {
    }

    /** The record whose handler runs on the calling thread, or null (no Medic handler, or not known). */
    public static ProcessRecord current() {
        return ProcessTracer.runningHere();
    }
}
