package io.medic.runtime;

/**
 * The caller of a {@link GenServer} call, to reply to: the {@code From} of
 * {@code handle_call(Request, From, State)}. A server that returns {@code noreply} keeps it and
 * replies later with {@link #reply(Object)} ({@code gen_server:reply/2}), from any thread.
 *
 * <p>If the server stops before replying, the caller gets a {@link ProcessExitException} at once.
 */
public interface From {

    /**
     * Sends the reply. Only the first reply counts; later ones, and replies after the caller gave up
     * (timeout), are dropped, as in Erlang.
     *
     * @return true if this reply was the one delivered
     */
    boolean reply(Object reply);

    /**
     * Fails the call: the caller's {@code call} throws {@code error} (the Java form of replying
     * {@code {error, Reason}}). Only the first reply or failure counts.
     *
     * @return true if this failure was the one delivered
     */
    boolean fail(Throwable error);

    /** True once the call has been answered, has failed or has timed out. */
    boolean isDone();
}
