package io.medic.introspection.internal;

import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCode;
import akka.http.javadsl.model.StatusCodes;
import io.medic.introspection.IntrospectionBusyException;
import io.medic.introspection.MedicHttpException;
import io.medic.runtime.BadProcessReferenceException;
import io.medic.runtime.CallTimeoutException;
import io.medic.runtime.Jvm;
import io.medic.runtime.MedicException;
import io.medic.runtime.NoProcessException;
import io.medic.runtime.ProcessExitException;
import io.medic.runtime.ReplaceStateException;
import io.medic.runtime.SensitiveProcessException;
import io.medic.runtime.UnsupportedSysRequestException;
import io.medic.runtime.trace.TraceBusyException;
import io.medic.runtime.trace.TraceRefusedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API
 *
 * <p>An HTTP error with its status, code and message; and the one mapping from every failure a route
 * can meet to its answer. Bad input is always a 4xx naming the bad value; anything unexpected is a 500
 * whose body says only "internal" — the stack trace goes to the node's log, never to the client.
 */
public final class HttpError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger("io.medic.introspection.http");

    private final transient StatusCode status;
    private final String code;

    public HttpError(StatusCode status, String code, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
    }

    public static HttpError badRequest(String code, String message) {
        return new HttpError(StatusCodes.BAD_REQUEST, code, message);
    }

    public static HttpError notFound(String code, String message) {
        return new HttpError(StatusCodes.NOT_FOUND, code, message);
    }

    public StatusCode status() {
        return status;
    }

    public String code() {
        return code;
    }

    public HttpResponse response() {
        return Json.error(status, code, getMessage());
    }

    /** The answer to {@code failure}; an unexpected failure is logged with its stack trace, here only. */
    public static HttpResponse toResponse(Throwable failure) {
        HttpError e = of(failure);
        if (e.status.intValue() >= 500 && e.status.intValue() != 504) {
            LOG.error("unexpected failure in a /medic route", Jvm.unwrap(failure));
        }
        return e.response();
    }

    /** The HTTP error {@code failure} stands for. */
    public static HttpError of(Throwable failure) {
        Throwable t = Jvm.unwrap(failure);
        if (t instanceof HttpError h) {
            return h;
        }
        if (t instanceof MedicHttpException e) { // an extension's own error (MedicEndpoint)
            return new HttpError(StatusCodes.get(e.status()), e.code(), e.getMessage());
        }
        if (t instanceof BadProcessReferenceException e) {
            return badRequest("bad_pid", e.getMessage());
        }
        if (t instanceof ReplaceStateException e && e.getCause() instanceof HttpError refusal) {
            return refusal; // a body the replace function refused, inside the process
        }
        if (t instanceof java.util.concurrent.RejectedExecutionException) { // the introspection pool is full
            return new HttpError(StatusCodes.TOO_MANY_REQUESTS, "busy", t.getMessage());
        }
        if (t instanceof MedicException e) {
            StatusCode status = statusOf(e);
            if (status != null) {
                return new HttpError(status, e.code(), e.getMessage()); // the code is the runtime's own
            }
        }
        if (t instanceof IllegalArgumentException e) {
            return badRequest("bad_request", e.getMessage());
        }
        return new HttpError(StatusCodes.INTERNAL_SERVER_ERROR, "internal",
                "internal error (" + t.getClass().getSimpleName() + "); see the node's log");
    }

    /** The HTTP status of a runtime error a route can meet; null for one it should not meet. */
    private static StatusCode statusOf(MedicException e) {
        if (e instanceof NoProcessException || e instanceof ProcessExitException) {
            return StatusCodes.NOT_FOUND; // the process is gone (or went while we asked)
        }
        if (e instanceof SensitiveProcessException) {
            return StatusCodes.FORBIDDEN;
        }
        if (e instanceof CallTimeoutException) {
            return StatusCodes.GATEWAY_TIMEOUT;
        }
        if (e instanceof IntrospectionBusyException || e instanceof TraceBusyException) {
            return StatusCodes.TOO_MANY_REQUESTS;
        }
        if (e instanceof TraceRefusedException) {
            return StatusCodes.BAD_REQUEST; // a dangerous_combo, named by its rule
        }
        if (e instanceof UnsupportedSysRequestException || e instanceof ReplaceStateException) {
            return StatusCodes.CONFLICT;
        }
        return null;
    }
}
