package io.medic.introspection.internal;

import akka.http.javadsl.model.AttributeKeys;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.RemoteAddress;
import io.medic.runtime.LogText;
import java.net.InetAddress;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API
 *
 * <p>The audit log, the SLF4J logger {@code io.medic.audit}: one line at INFO for every attempt at a
 * mutating route and for every failed login, and one at WARN when an address is locked out. Each line
 * is {@code key=value} fields in one order — {@code user}, {@code remote}, {@code action},
 * {@code target}, {@code result}, then the fields of its kind. What the client chose (the user it
 * claimed, the target it named, the path it asked for, why its login failed) is written by
 * {@link LogText#quoted}: in double quotes, CR, LF and every other control character escaped, so that
 * no value can end the line or forge a field. The address, the action and the result are Medic's own
 * words. Never a password, a body or a state. Stateless; thread-safe.
 */
final class Audit {
    /** The audit logger's name. */
    static final String LOGGER = "io.medic.audit";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private static final int MAX_USER = 64;

    private Audit() {
    }

    /**
     * An attempt at a mutating route and its answer: {@code result} is {@code ok} (or {@code accepted}
     * for a 202) or the error code of the answer ({@code forbidden}, {@code bad_body}, {@code noproc} ...).
     */
    static void attempt(String user, String remote, String action, String target, HttpResponse answer) {
        int status = answer.status().intValue();
        LOG.info("user={} remote={} action={} target={} result={} status={}", LogText.quoted(user, MAX_USER), remote,
                action, LogText.quoted(target), result(answer), status);
    }

    /**
     * A refused login: the user the credentials claimed (null when none could be read), the path asked
     * for, why it was refused, and {@code failures} (e.g. {@code 3/10}) when a limiter counts them.
     */
    static void failedLogin(String user, String remote, String path, String reason, String failures) {
        String counted = failures == null ? "" : " failures=" + failures;
        LOG.info("user={} remote={} action=login target={} result=unauthorized reason={}{}", LogText.quoted(user, MAX_USER),
                remote, LogText.quoted(path), LogText.quoted(reason), counted);
    }

    /** An address locked out by the login limiter (logged once per lock-out, at WARN). */
    static void lockedOut(String address, int failures, long windowSeconds, long lockoutSeconds) {
        LOG.warn("remote={} action=login result=locked_out failures={} window={}s lockout={}s: refusing its logins "
                + "without checking them", address, failures, windowSeconds, lockoutSeconds);
    }

    /** {@code address:port} of the request's peer, or {@code unknown} when the server does not say. */
    static String remote(HttpRequest request) {
        Optional<RemoteAddress> a = request.getAttribute(AttributeKeys.remoteAddress);
        if (a.isEmpty() || a.get().isUnknown() || a.get().getAddress().isEmpty()) {
            return "unknown";
        }
        return a.get().getAddress().map(InetAddress::getHostAddress).orElse("unknown") + ":" + a.get().getPort();
    }

    /** {@code ok}, {@code accepted} (202), or the error code a failed answer carries. */
    private static String result(HttpResponse answer) {
        int status = answer.status().intValue();
        if (status >= 200 && status < 300) {
            return status == 202 ? "accepted" : "ok";
        }
        return Json.errorCode(answer).orElse("error");
    }
}
