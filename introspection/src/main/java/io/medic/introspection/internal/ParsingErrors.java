package io.medic.introspection.internal;

import akka.event.LoggingAdapter;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.scaladsl.model.ErrorInfo;
import akka.http.scaladsl.model.StatusCode;
import akka.http.scaladsl.settings.ServerSettings;
import io.medic.runtime.LogText;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API
 *
 * <p>Akka HTTP's answer to a request too malformed to reach the routes ({@code akka.http.ParsingErrorHandler},
 * set as the management server's {@code parsing.error-handler}): Medic's JSON error body instead of Akka's
 * plain text, with a code per kind — {@code bad_request_line}, {@code uri_too_long},
 * {@code headers_too_large}, {@code too_large}, {@code not_implemented}, {@code bad_request}.
 *
 * <p>Akka HTTP 10.2 answers {@code 505 HTTP Version Not Supported} to any request line it cannot read
 * past the target — {@code GET /a b HTTP/1.1} (an unencoded space), {@code GET /} (no version),
 * {@code GET / HTTP/1.1x} — and passes the handler no detail that would tell them from a real
 * {@code HTTP/2.0} line. A malformed request line is the client's error, so every 505 is answered
 * {@code 400 bad_request_line}, whose message names both causes.
 *
 * <p>The body carries Akka's one-line summary (no header value: Akka's summaries name the problem, its
 * details may quote the input) and the node logs it at DEBUG only, neutralised: a client must not be
 * able to fill the log at WARN. Akka HTTP creates one instance per connection, through the public no-arg
 * constructor. Stateless.
 */
public final class ParsingErrors extends akka.http.ParsingErrorHandler {
    private static final Logger LOG = LoggerFactory.getLogger("io.medic.introspection.http");

    /** Called by Akka HTTP. */
    public ParsingErrors() {
    }

    @Override
    public HttpResponse handle(StatusCode status, ErrorInfo info, LoggingAdapter log, ServerSettings settings) {
        int code = status.intValue();
        String summary = info.summary() == null || info.summary().isBlank() ? status.reason() : info.summary();
        LOG.debug("refused a malformed request before routing: {} {}", code, LogText.quoted(summary));
        if (code == 505) {
            return Json.error(StatusCodes.BAD_REQUEST, "bad_request_line", "malformed request line: expected "
                    + "'METHOD /target HTTP/1.1' with the target percent-encoded (a space is %20); HTTP/1.0 and "
                    + "HTTP/1.1 are served");
        }
        return Json.error(status, code(status), summary);
    }

    private static String code(StatusCode status) {
        return switch (status.intValue()) {
            case 400 -> "bad_request";
            case 413 -> "too_large";
            case 414 -> "uri_too_long";
            case 431 -> "headers_too_large";
            case 501 -> "not_implemented";
            default -> status.reason().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "_");
        };
    }
}
