package io.medic.runtime;

/**
 * How a process's start ended, as its parent sees it once {@code init} has finished (the ack of
 * {@code proc_lib:init_ack}): {@code {ok, Pid}}, {@code ignore} or {@code {error, Reason}}.
 */
public sealed interface InitResult {

    /** {@code init} returned ok: the process runs. */
    record Started(Pid pid) implements InitResult {
    }

    /** {@code init} returned ignore: the process stopped normally, nothing runs. */
    record Ignored() implements InitResult {
    }

    /** {@code init} crashed or returned stop: the process stopped with {@code reason}. */
    record Failed(ExitReason reason) implements InitResult {
    }
}
