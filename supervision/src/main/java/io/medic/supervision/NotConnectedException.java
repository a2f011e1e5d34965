package io.medic.supervision;

import io.medic.runtime.MedicException;

/**
 * A {@link ReconnectingServer} was asked for something while it has no connection: Erlang in Anger's
 * {@code {error, not_connected}}. Returned at once, never after a timeout.
 */
public final class NotConnectedException extends MedicException {
    private static final long serialVersionUID = 1L;

    public NotConnectedException(String message) {
        super(message);
    }

    @Override
    public String code() {
        return "not_connected";
    }
}
