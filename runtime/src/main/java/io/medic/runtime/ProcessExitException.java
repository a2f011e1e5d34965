package io.medic.runtime;

/**
 * The process stopped while a request to it was pending (for example it crashed while handling the
 * call): the caller gets the process's exit reason, like the {@code {Reason, {gen_server, call, ...}}}
 * exit in Erlang.
 */
public final class ProcessExitException extends MedicException {
    private static final long serialVersionUID = 1L;
    private final transient Pid pid;
    private final transient ExitReason reason;

    public ProcessExitException(Pid pid, ExitReason reason) {
        super("process " + pid + " exited: " + reason,
                reason instanceof ExitReason.Exception e ? e.cause() : null);
        this.pid = pid;
        this.reason = reason;
    }

    public Pid pid() {
        return pid;
    }

    public ExitReason reason() {
        return reason;
    }

    @Override public String code() { return "exit"; }
}
