package io.medic.runtime;

/**
 * A debug function installed in a process with {@link Sys#install}: OTP's {@code dbg_fun()}, given to
 * {@code sys:install/2,3}. The process calls it on its own thread for every system event, in the
 * order they happen, with the function's own state, until it is removed.
 *
 * <p>Events: {@code call} (the request), {@code cast}, {@code info} (the message), {@code reply} (the
 * reply), {@code noreply} (the new state), {@code continue} (the continue term) and {@code system}
 * (a description of a system event such as a replaced state or an exit signal). A plain behaviour
 * produces {@code cast} and {@code info} events only.
 *
 * <p>Keep it quick: it runs inside the process, between the process's own steps. It never sees the
 * events of a sensitive process (see {@link Sys}).
 *
 * <pre>{@code
 * // count the calls a server gets, and stop counting after 1000
 * Sys.install(pid, "call-counter", (Integer n, String kind, Object message) ->
 *         !kind.equals("call") ? n : n + 1 == 1000 ? null : n + 1, 0);
 * }</pre>
 *
 * @param <F> the function's state
 */
@FunctionalInterface
public interface SysDebugFunction<F> {

    /**
     * Handles one event.
     *
     * @param state   the function's state: the one it was installed with, then the one it returned
     * @param kind    {@code call}, {@code cast}, {@code info}, {@code reply}, {@code noreply},
     *                {@code continue} or {@code system}
     * @param message what the event carries (see the interface comment)
     * @return the state for the next event, or {@code null} when done: the function is then removed
     *     (OTP's {@code done})
     * @throws Exception anything: the function is removed (as in OTP) and a warning is logged; the
     *     process goes on unaffected
     */
    F onEvent(F state, String kind, Object message) throws Exception;
}
