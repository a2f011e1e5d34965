package io.medic.metrics.internal;

import akka.http.javadsl.model.ContentType;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpEntities;
import akka.http.javadsl.model.HttpHeader;
import akka.http.javadsl.model.HttpRequest;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.headers.ContentEncoding;
import akka.http.javadsl.model.headers.HttpEncodings;
import io.prometheus.metrics.config.EscapingScheme;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.MetricNameFilter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;
import java.util.zip.GZIPOutputStream;

/**
 * INTERNAL API
 *
 * <p>A scrape's answer as Prometheus expects it, written by the Prometheus client's own writers: the
 * format chosen from the {@code Accept} header by the client ({@code ExpositionFormats.findWriter}: the
 * OpenMetrics text format when the scraper asks for {@code application/openmetrics-text}, the Prometheus
 * text format {@code text/plain; version=0.0.4} otherwise), metric-name escaping from the same header,
 * the {@code name[]} query parameters as a name filter, and a gzip body when {@code Accept-Encoding}
 * allows it (Prometheus always sends {@code gzip}). Stateless.
 */
public final class Exposition {
    private static final ExpositionFormats FORMATS = ExpositionFormats.init();

    private Exposition() {
    }

    /** The names the request's {@code name[]} parameters ask for; all when there are none. */
    public static Predicate<String> names(HttpRequest request) {
        List<String> wanted = request.getUri().query().getAll("name[]");
        return wanted.isEmpty() ? MetricNameFilter.ALLOW_ALL : MetricNameFilter.builder().nameMustBeEqualTo(wanted).build();
    }

    /** {@code snapshots} in the format {@code request} accepts. */
    public static HttpResponse response(MetricSnapshots snapshots, HttpRequest request) {
        String accept = header(request, "Accept");
        ExpositionFormatWriter writer = FORMATS.findWriter(accept);
        EscapingScheme escaping = EscapingScheme.fromAcceptHeader(accept);
        boolean gzip = acceptsGzip(header(request, "Accept-Encoding"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 * 1024);
        try (OutputStream out = gzip ? new GZIPOutputStream(bytes) : bytes) {
            writer.write(out, snapshots, escaping);
        } catch (IOException e) {
            throw new UncheckedIOException("writing the metrics to memory failed", e);
        }
        HttpResponse response = HttpResponse.create().withEntity(HttpEntities.create(contentType(writer), bytes.toByteArray()));
        return gzip ? response.addHeader(ContentEncoding.create(HttpEncodings.GZIP)) : response;
    }

    /** The writer's content type as Akka HTTP's model holds it (its parameters, version included, kept). */
    static ContentType contentType(ExpositionFormatWriter writer) {
        return ContentTypes.parse(writer.getContentType());
    }

    private static String header(HttpRequest request, String name) {
        return request.getHeader(name).map(HttpHeader::value).orElse(null);
    }

    /** Whether {@code gzip} is among the accepted encodings with a non-zero weight. */
    static boolean acceptsGzip(String acceptEncoding) {
        if (acceptEncoding == null) {
            return false;
        }
        for (String part : acceptEncoding.split(",")) {
            String[] p = part.trim().split(";");
            if (p[0].trim().toLowerCase(Locale.ROOT).equals("gzip")) {
                for (int i = 1; i < p.length; i++) {
                    String q = p[i].trim().toLowerCase(Locale.ROOT);
                    if (q.startsWith("q=") && q.substring(2).trim().matches("0(\\.0*)?")) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }
}
