package io.medic.runtime;

/**
 * A callback the process ran for a caller threw: a {@code stateSnapshot} for {@link Sys#getState},
 * the function given to {@link Sys#replaceState} ({@link ReplaceStateException}). The process is
 * unaffected: it keeps running with its state as it was. Like OTP's
 * {@code {callback_failed, {Module, Function}, {Class, Reason}}} from {@code sys:get_state/2} and
 * {@code sys:replace_state/2}. The throwable is the cause; the message names the callback, the
 * process and the throwable's class and message.
 */
public class CallbackFailedException extends MedicException {
    private static final long serialVersionUID = 1L;

    public CallbackFailedException(Pid pid, String callback, Throwable cause) {
        this(callback + " failed on " + pid + ", state unchanged: " + cause, cause);
    }

    CallbackFailedException(String message, Throwable cause) {
        super(message, cause);
    }

    @Override
    public String code() {
        return "callback_failed";
    }
}
