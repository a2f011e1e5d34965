package io.medic.introspection;

import akka.http.javadsl.model.HttpRequest;
import java.util.Map;
import java.util.Optional;

/**
 * A request matched by a {@link MedicEndpoint}, as its handler sees it: who made it (already
 * authenticated, and for a mutating row already checked for the {@code admin} role), the arguments of
 * the path, the query, and the HTTP request itself (headers, content negotiation, the body through a
 * returned {@code Route}). Immutable. (The closest Erlang analog is the request object a cowboy
 * handler receives: OTP itself serves no HTTP.)
 */
public interface MedicRequest {

    /** The authenticated user; {@code anonymous} when {@code medic.http.auth} has no users. */
    String user();

    /** Whether the caller has the {@code admin} role (always true when authentication is off). */
    boolean isAdmin();

    /** The caller's address as {@code ip:port}, or {@code unknown}. */
    String remoteAddress();

    /**
     * The path's arguments by name: {@code {pid}} of {@code processes/{pid}/x} under {@code pid}, and a
     * trailing {@code {*rest}} under {@code rest} — the rest of the path, decoded, without its leading
     * slash ({@code ""} for the path itself; never a {@code .} or {@code ..} segment, nor a segment holding a
     * slash, a backslash or a control character).
     */
    Map<String, String> args();

    /** The query's parameters, the first value of each (all values: {@link #httpRequest()}). */
    Map<String, String> params();

    /** The HTTP request. */
    HttpRequest httpRequest();

    /**
     * One argument of the path.
     *
     * @throws IllegalArgumentException if the endpoint's path has no argument of that name
     */
    default String arg(String name) {
        String v = args().get(name);
        if (v == null) {
            throw new IllegalArgumentException("no path argument named '" + name + "'; the path has " + args().keySet());
        }
        return v;
    }

    /** One query parameter, if given. */
    default Optional<String> param(String name) {
        return Optional.ofNullable(params().get(name));
    }
}
