package io.medic.runtime;

import java.time.Duration;

/** No reply arrived within the timeout: the {@code timeout} exit of {@code gen_server:call/3}. */
public final class CallTimeoutException extends MedicException {
    private static final long serialVersionUID = 1L;
    private final Duration timeout;

    public CallTimeoutException(String target, String what, Duration timeout) {
        super(what + " to " + target + " timed out after " + timeout.toMillis() + " ms");
        this.timeout = timeout;
    }

    public Duration timeout() {
        return timeout;
    }

    @Override public String code() { return "timeout"; }
}
