package io.medic.runtime;

/**
 * The function given to {@code Sys.replaceState} threw (anything, an {@link Error} included); the
 * process kept its state and keeps running. Like OTP's {@code {callback_failed, ...}} from
 * {@code sys:replace_state/2}.
 */
public final class ReplaceStateException extends CallbackFailedException {
    private static final long serialVersionUID = 1L;

    public ReplaceStateException(Pid pid, Throwable cause) {
        super("replace_state function failed on " + pid + ", state unchanged: " + cause, cause);
    }
}
