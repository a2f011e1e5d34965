package io.medic.runtime;

import io.medic.runtime.internal.ProcessRecord;
import io.medic.runtime.internal.SysRequest;
import io.medic.runtime.internal.SysRequest.Op;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Erlang's {@code sys} module for Medic processes: requests every Medic process answers outside its
 * user protocol, even while suspended. Each goes through the process (so a process stuck in a handler
 * does not answer: use {@link ProcessTable} for what can be read without it) and times out after the
 * given timeout (default {@code medic.sys.default-timeout}, 5 s, as in OTP).
 *
 * <p>Errors: {@link NoProcessException} (not alive), {@link CallTimeoutException},
 * {@link ProcessExitException} (stopped while asked), {@link SensitiveProcessException} (state or log of
 * a sensitive process), {@link UnsupportedSysRequestException} (state of a plain behaviour),
 * {@link CallbackFailedException} ({@code callback_failed}: a callback run for the caller threw — the
 * function given to {@link #replaceState} ({@link ReplaceStateException}), a GenServer's
 * {@code stateSnapshot}; the process keeps running, its state unchanged).
 *
 * <p>Every method has a blocking form and an {@code Async} form returning a {@link CompletionStage}.
 */
public final class Sys {
    private Sys() {
    }

    // ------------------------------------------------------------------ state

    /** {@code sys:get_state/2}. */
    public static <S> CompletionStage<S> getStateAsync(Pid pid, Duration timeout) {
        return request(pid, Op.GET_STATE, null, timeout);
    }

    public static <S> S getState(Pid pid, Duration timeout) {
        return Clients.await(Sys.<S>getStateAsync(pid, timeout), "sys get_state", timeout);
    }

    public static <S> S getState(Pid pid) {
        return getState(pid, Clients.defaultSysTimeout(pid));
    }

    /** {@code sys:get_status/2}. */
    public static CompletionStage<SysStatus> getStatusAsync(Pid pid, Duration timeout) {
        return request(pid, Op.GET_STATUS, null, timeout);
    }

    public static SysStatus getStatus(Pid pid, Duration timeout) {
        return Clients.await(getStatusAsync(pid, timeout), "sys get_status", timeout);
    }

    public static SysStatus getStatus(Pid pid) {
        return getStatus(pid, Clients.defaultSysTimeout(pid));
    }

    /**
     * {@code sys:replace_state/3}: the process applies {@code fn} to its state and keeps the result,
     * which is returned. If {@code fn} throws, the state is unchanged and the stage fails with
     * {@link ReplaceStateException}.
     */
    @SuppressWarnings("unchecked")
    public static <S> CompletionStage<S> replaceStateAsync(Pid pid, Function<S, S> fn, Duration timeout) {
        Objects.requireNonNull(fn, "fn");
        return request(pid, Op.REPLACE_STATE, (Function<Object, Object>) (Function<?, ?>) fn, timeout);
    }

    public static <S> S replaceState(Pid pid, Function<S, S> fn, Duration timeout) {
        return Clients.await(replaceStateAsync(pid, fn, timeout), "sys replace_state", timeout);
    }

    public static <S> S replaceState(Pid pid, Function<S, S> fn) {
        return replaceState(pid, fn, Clients.defaultSysTimeout(pid));
    }

    // ------------------------------------------------------------------ suspend / resume

    /**
     * {@code sys:suspend/2}: the process stops handling calls, casts and infos (they wait, in order,
     * and calls time out) but still answers sys requests and exit signals.
     */
    public static CompletionStage<Void> suspendAsync(Pid pid, Duration timeout) {
        return request(pid, Op.SUSPEND, null, timeout);
    }

    public static void suspend(Pid pid) {
        Clients.await(suspendAsync(pid, Clients.defaultSysTimeout(pid)), "sys suspend", Clients.defaultSysTimeout(pid));
    }

    /** {@code sys:resume/2}: the messages that waited are handled in the order they arrived. */
    public static CompletionStage<Void> resumeAsync(Pid pid, Duration timeout) {
        return request(pid, Op.RESUME, null, timeout);
    }

    public static void resume(Pid pid) {
        Clients.await(resumeAsync(pid, Clients.defaultSysTimeout(pid)), "sys resume", Clients.defaultSysTimeout(pid));
    }

    // ------------------------------------------------------------------ terminate

    /**
     * {@code sys:terminate/3}: stops the process through the system protocol — even while it is
     * suspended, before the messages waiting in its mailbox — with {@code reason}: a GenServer runs its
     * {@code terminate}, a plain behaviour gets PostStop. Completes once the process has exited (it has
     * left the process table, its monitors have fired), with the reason it exited with: {@code reason},
     * or the failure of {@code terminate} if that threw (as in OTP). Unlike {@link GenServer#stop}, no
     * {@code handleExit} runs: the process does not get the reason as a message.
     */
    public static CompletionStage<ExitReason> terminateAsync(Pid pid, ExitReason reason, Duration timeout) {
        Objects.requireNonNull(reason, "reason");
        return request(pid, Op.TERMINATE, reason, timeout);
    }

    /** {@link #terminateAsync} and wait: returns the reason the process exited with. */
    public static ExitReason terminate(Pid pid, ExitReason reason, Duration timeout) {
        return Clients.await(terminateAsync(pid, reason, timeout), "sys terminate", timeout);
    }

    /** {@code sys:terminate/2}: {@link #terminate(Pid, ExitReason, Duration)} with the default timeout. */
    public static ExitReason terminate(Pid pid, ExitReason reason) {
        return terminate(pid, reason, Clients.defaultSysTimeout(pid));
    }

    // ------------------------------------------------------------------ statistics

    /** {@code sys:statistics(Pid, true | false)}: enabling resets the counts. */
    public static CompletionStage<Void> statisticsAsync(Pid pid, boolean enable, Duration timeout) {
        return request(pid, enable ? Op.STATISTICS_ON : Op.STATISTICS_OFF, null, timeout);
    }

    public static void statistics(Pid pid, boolean enable) {
        Duration t = Clients.defaultSysTimeout(pid);
        Clients.await(statisticsAsync(pid, enable, t), "sys statistics", t);
    }

    /** {@code sys:statistics(Pid, get)}: empty when statistics are not enabled ({@code no_statistics}). */
    public static CompletionStage<Optional<SysStatistics>> getStatisticsAsync(Pid pid, Duration timeout) {
        return Sys.<SysStatistics>request(pid, Op.STATISTICS_GET, null, timeout).thenApply(Optional::ofNullable);
    }

    public static Optional<SysStatistics> getStatistics(Pid pid) {
        Duration t = Clients.defaultSysTimeout(pid);
        return Clients.await(getStatisticsAsync(pid, t), "sys statistics", t);
    }

    // ------------------------------------------------------------------ log

    /**
     * {@code sys:log(Pid, {true, N})}: keep the last {@code size} events (1 to
     * {@code medic.sys.max-log-size}); events already logged are kept if they fit.
     */
    public static CompletionStage<Void> logAsync(Pid pid, int size, Duration timeout) {
        int max = ProcessRecord.of(pid).node().settings.sysMaxLogSize();
        if (size < 1 || size > max) {
            throw new IllegalArgumentException("log size: bad value " + size + ", expected 1 to " + max
                    + " (medic.sys.max-log-size)");
        }
        return request(pid, Op.LOG_ON, size, timeout);
    }

    public static void log(Pid pid, int size) {
        Duration t = Clients.defaultSysTimeout(pid);
        Clients.await(logAsync(pid, size, t), "sys log", t);
    }

    /** {@code sys:log(Pid, true | false)}: true keeps the last 10 events, as in OTP. */
    public static void log(Pid pid, boolean enable) {
        if (enable) {
            log(pid, 10);
        } else {
            Duration t = Clients.defaultSysTimeout(pid);
            Clients.await(logOffAsync(pid, t), "sys log", t);
        }
    }

    public static CompletionStage<Void> logOffAsync(Pid pid, Duration timeout) {
        return request(pid, Op.LOG_OFF, null, timeout);
    }

    /** {@code sys:log(Pid, get)}: oldest first; empty when the log is off. */
    public static CompletionStage<List<SysEvent>> getLogAsync(Pid pid, Duration timeout) {
        return request(pid, Op.LOG_GET, null, timeout);
    }

    public static List<SysEvent> getLog(Pid pid) {
        Duration t = Clients.defaultSysTimeout(pid);
        return Clients.await(getLogAsync(pid, t), "sys log", t);
    }

    // ------------------------------------------------------------------ trace

    /**
     * {@code sys:trace(Pid, Flag)}: write each event to the {@code io.medic.trace} logger at INFO,
     * at most {@code medic.sys.trace-max-events-per-second} lines per second on the whole node.
     */
    public static CompletionStage<Void> traceAsync(Pid pid, boolean enable, Duration timeout) {
        return request(pid, enable ? Op.TRACE_ON : Op.TRACE_OFF, null, timeout);
    }

    public static void trace(Pid pid, boolean enable) {
        Duration t = Clients.defaultSysTimeout(pid);
        Clients.await(traceAsync(pid, enable, t), "sys trace", t);
    }

    // ------------------------------------------------------------------ installed functions

    /**
     * {@code sys:install/3} with {@code {FuncId, Func, FuncState}}: installs {@code fn} in the process
     * under {@code id}, with {@code state} as its first state. From then on the process calls it for
     * every system event (see {@link SysDebugFunction}), each function with its own state, in the
     * order they were installed, until it returns null (done) or throws — it is then removed — or
     * {@link #remove} or {@link #noDebug} removes it. Idempotent by id, as OTP: installing under an id
     * that is taken changes nothing (the function installed first keeps running with its state).
     * A sensitive process calls no installed function.
     *
     * @param id    any value with {@code equals}: the function's name
     * @param state its first state, not null
     */
    public static <F> CompletionStage<Void> installAsync(Pid pid, Object id, SysDebugFunction<F> fn, F state,
                                                        Duration timeout) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(fn, "fn");
        Objects.requireNonNull(state, "state");
        return request(pid, Op.INSTALL, new SysRequest.Install(id, fn, state), timeout);
    }

    public static <F> void install(Pid pid, Object id, SysDebugFunction<F> fn, F state) {
        Duration t = Clients.defaultSysTimeout(pid);
        Clients.await(installAsync(pid, id, fn, state, t), "sys install", t);
    }

    /**
     * {@code sys:remove/3}: removes the function installed under {@code id}. Completes with true if
     * there was one (OTP answers ok either way).
     */
    public static CompletionStage<Boolean> removeAsync(Pid pid, Object id, Duration timeout) {
        Objects.requireNonNull(id, "id");
        return request(pid, Op.REMOVE, id, timeout);
    }

    public static boolean remove(Pid pid, Object id) {
        Duration t = Clients.defaultSysTimeout(pid);
        return Clients.await(removeAsync(pid, id, t), "sys remove", t);
    }

    /**
     * {@code sys:no_debug/2}: turns off all debugging of the process: statistics, the log (its events
     * are dropped), trace and every installed function.
     */
    public static CompletionStage<Void> noDebugAsync(Pid pid, Duration timeout) {
        return request(pid, Op.NO_DEBUG, null, timeout);
    }

    public static void noDebug(Pid pid) {
        Duration t = Clients.defaultSysTimeout(pid);
        Clients.await(noDebugAsync(pid, t), "sys no_debug", t);
    }

    private static <R> CompletionStage<R> request(Pid pid, Op op, Object arg, Duration timeout) {
        Clients.checkTimeout(timeout);
        ProcessRecord record = ProcessRecord.of(pid);
        return Clients.send(pid, record, new SysRequest(op, arg, record), "sys " + op.name().toLowerCase(java.util.Locale.ROOT), timeout);
    }
}
