package io.medic.introspection;

import akka.http.javadsl.model.StatusCodes;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An HTTP error a {@link MedicEndpoint} handler throws (or fails its stage with) to answer with Medic's
 * JSON error body {@code {"error": code, "message": message}} and the given status, like Medic's own
 * routes. The message is sent to the client: name the bad value and what was expected, never a
 * credential or an internal class. Other failures map as for Medic's routes: an
 * {@code IllegalArgumentException} is a {@code 400 bad_request} with its message, anything unexpected a
 * {@code 500 internal} whose details go to the node's log only. The analog of an Erlang error term
 * such as {@code {error, bad_name}} that a handler turns into a reply.
 */
public final class MedicHttpException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final Pattern CODE = Pattern.compile("[a-z][a-z0-9_]{0,63}");

    private final int status;
    private final String code;

    /**
     * @param status  a registered HTTP error status, 400 to 599 (404, 409, 422, 503 ...)
     * @param code    a snake_case error code ({@code bad_name}, {@code not_found})
     * @param message what was wrong, sent to the client
     * @throws IllegalArgumentException if the status or the code is out of form
     */
    public MedicHttpException(int status, String code, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        if (status < 400 || status > 599 || StatusCodes.lookup(status).isEmpty()) {
            throw new IllegalArgumentException("status: bad value " + status
                    + ", expected a registered HTTP error status from 400 to 599, such as 404 or 409");
        }
        if (code == null || !CODE.matcher(code).matches()) {
            throw new IllegalArgumentException("code: bad value '" + code + "', expected a snake_case code such as bad_name");
        }
        this.status = status;
        this.code = code;
    }

    /** A {@code 400} with {@code code}. */
    public static MedicHttpException badRequest(String code, String message) {
        return new MedicHttpException(400, code, message);
    }

    /** The HTTP status. */
    public int status() {
        return status;
    }

    /** The error code of the JSON body. */
    public String code() {
        return code;
    }
}
