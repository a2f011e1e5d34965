package io.medic.council;

/**
 * A fault an operator plants in a council member through the demo's own routes
 * ({@link CouncilRoutes}), so that the chapters on CPU hogs, tracing and crashes have something to find:
 * each is an info message the member handles like any other, and each ends by itself. recon_demo has
 * none of these: its faults are found, not planted; here the exercises need them on demand.
 */
sealed interface Fault {

    /**
     * Burn CPU until {@code untilNanos} ({@code System.nanoTime}): in slices of {@link #SLICE_MS} ms, each
     * a handler of its own (the member sends itself the next one), as an Erlang process doing a long
     * computation is preempted between reductions — a CPU hog, never one long handler.
     */
    record Hog(long untilNanos) implements Fault {
        static final long SLICE_MS = 20;
    }

    /** Block inside one handler for {@code ms} (sleeping: no CPU), as a process stuck on a lock or a slow call would. */
    record Block(long ms) implements Fault {
    }

    /** Every speech takes {@code ms} more (of CPU) until {@code untilNanos}: each is one long handler. */
    record Slow(long ms, long untilNanos) implements Fault {
    }

    /** Throw in this handler: a crash, with a crash report. */
    record Crash(String requestedBy) implements Fault {
    }
}
