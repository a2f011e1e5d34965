package io.medic.dashboard.internal;

import akka.http.javadsl.model.ContentType;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpHeader;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.model.Uri;
import akka.http.javadsl.model.headers.Location;
import akka.http.javadsl.model.headers.RawHeader;
import io.medic.introspection.MedicHttpException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * INTERNAL API
 *
 * <p>The dashboard's static files, served from the jar (resources under {@code io/medic/dashboard/ui/}):
 * nothing is fetched from elsewhere, so the pages work offline. Each answer carries
 *
 * <ul>
 *   <li>the file's content type, by its extension (only the extensions of {@link #TYPES} are served:
 *       a directory, a class file or any other resource of the jar is a {@code 404});</li>
 *   <li>a strong {@code ETag} (the first 16 bytes of the SHA-256 of the content, hex) and
 *       {@code Cache-Control: no-cache}: the file names carry no version, so a browser keeps its copy
 *       but asks each time whether it is still current, and a {@code 304 Not Modified} answers a request
 *       whose {@code If-None-Match} names the current tag — a node upgraded to a new dashboard is never
 *       shown a stale script;</li>
 *   <li>{@code X-Content-Type-Options: nosniff}, a {@code Content-Security-Policy} that allows only this
 *       origin's scripts, styles and connections (no inline script, no {@code eval}, no frame), and
 *       {@code Referrer-Policy: no-referrer}: defence in depth for pages that render data from the
 *       node.</li>
 * </ul>
 *
 * <p>The path {@code ""} is {@code index.html}; a request for the bare directory without its slash
 * ({@code /medic/ui}) is redirected to {@code ui/} so that the page's relative links resolve. Loaded files
 * are kept in memory (a fixed set: the files of the jar); a missing one is not remembered. Thread-safe.
 */
public final class Assets {
    /** Where the files are, on the class path. */
    static final String ROOT = "io/medic/dashboard/ui/";

    /** The types served, by extension. */
    static final Map<String, ContentType> TYPES = Map.of(
            "html", ContentTypes.TEXT_HTML_UTF8,
            "js", ContentTypes.parse("text/javascript; charset=UTF-8"),
            "css", ContentTypes.parse("text/css; charset=UTF-8"),
            "svg", ContentTypes.parse("image/svg+xml"),
            "png", ContentTypes.parse("image/png"),
            "ico", ContentTypes.parse("image/x-icon"),
            "json", ContentTypes.APPLICATION_JSON);

    /** The security headers of every answer. */
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");
    private static final List<HttpHeader> SECURITY = List.of(
            RawHeader.create("X-Content-Type-Options", "nosniff"),
            RawHeader.create("Content-Security-Policy", CONTENT_SECURITY_POLICY),
            RawHeader.create("Referrer-Policy", "no-referrer"),
            RawHeader.create("X-Frame-Options", "DENY"));
    private static final HttpHeader NO_CACHE = RawHeader.create("Cache-Control", "no-cache");

    private final ClassLoader loader;
    private final Map<String, Asset> loaded = new ConcurrentHashMap<>();

    /** One file: its bytes, type and entity tag. */
    record Asset(byte[] bytes, ContentType type, String etag) {
    }

    public Assets(ClassLoader loader) {
        this.loader = loader;
    }

    /**
     * The answer to {@code GET /medic/ui/{rest}}.
     *
     * @param rest    the rest of the path after {@code ui}, decoded, without its leading slash
     * @param request the request (its path, for the redirect; {@code If-None-Match})
     * @throws MedicHttpException {@code 404 not_found} for a file the dashboard does not have
     */
    public HttpResponse answer(String rest, HttpRequest request) {
        if (rest.isEmpty() && !request.getUri().path().endsWith("/")) {
            return HttpResponse.create().withStatus(StatusCodes.PERMANENT_REDIRECT)
                    .addHeader(Location.create(Uri.create("ui/"))).addHeaders(SECURITY);
        }
        String file = rest.isEmpty() || rest.endsWith("/") ? rest + "index.html" : rest;
        Asset asset = find(file).orElseThrow(() -> new MedicHttpException(404, "not_found",
                "the dashboard has no file " + quoted(file) + "; its pages start at /medic/ui/"));
        List<HttpHeader> headers = new java.util.ArrayList<>(SECURITY);
        headers.add(NO_CACHE);
        headers.add(RawHeader.create("ETag", asset.etag()));
        if (matches(request.getHeader("If-None-Match").map(HttpHeader::value), asset.etag())) {
            return HttpResponse.create().withStatus(StatusCodes.NOT_MODIFIED).addHeaders(headers);
        }
        return HttpResponse.create().withEntity(asset.type(), asset.bytes()).addHeaders(headers);
    }

    /** The file at {@code path} under {@link #ROOT}, if it is one the dashboard serves. */
    Optional<Asset> find(String path) {
        Asset cached = loaded.get(path);
        if (cached != null) {
            return Optional.of(cached);
        }
        ContentType type = typeOf(path);
        if (type == null) {
            return Optional.empty();
        }
        try (InputStream in = loader.getResourceAsStream(ROOT + path)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            Asset asset = new Asset(bytes, type, etag(bytes));
            loaded.put(path, asset);
            return Optional.of(asset);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dashboard's " + path + " from the jar", e);
        }
    }

    /** The type of a path whose every segment is a plain name and whose extension is served; else null. */
    static ContentType typeOf(String path) {
        String[] segments = path.split("/", -1);
        for (String s : segments) {
            if (!SEGMENT.matcher(s).matches()) {
                return null;
            }
        }
        String last = segments[segments.length - 1];
        int dot = last.lastIndexOf('.');
        return dot < 0 ? null : TYPES.get(last.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /** Whether an {@code If-None-Match} value names {@code etag} (or is {@code *}). */
    static boolean matches(Optional<String> ifNoneMatch, String etag) {
        if (ifNoneMatch.isEmpty()) {
            return false;
        }
        for (String tag : ifNoneMatch.get().split(",")) {
            String t = tag.trim();
            if (t.equals("*") || t.equals(etag) || t.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }

    private static String etag(byte[] bytes) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes);
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static String quoted(String path) {
        return io.medic.runtime.LogText.quoted(path, 100);
    }
}
