package io.medic.introspection.internal;

import akka.http.javadsl.model.AttributeKey;
import akka.http.javadsl.model.ContentTypes;
import akka.http.javadsl.model.HttpResponse;
import akka.http.javadsl.model.StatusCode;
import akka.http.javadsl.model.StatusCodes;
import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.databind.util.RawValue;
import io.medic.runtime.ExitReason;
import io.medic.runtime.Pid;
import io.medic.runtime.Rendered;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API
 *
 * <p>JSON for the {@code /medic} routes: one Jackson mapper for Medic's own answers, by one naming rule
 * (docs/introspection.md, "JSON naming"): snake_case field names like Erlang's {@code message_queue_len};
 * the unit in the name of every quantity that has one ({@code _bytes}, {@code _us}, {@code _ms}); every
 * timestamp an ISO-8601 UTC string to the millisecond in a field ending {@code _at}; pids as
 * {@code "<0.N.0>"}; enums in lower case; durations in milliseconds; exit reasons as their Erlang-like text;
 * a {@link Rendered} value as its type, whether it was cut, and its JSON),
 * another for reading a process's new state (the application's own field names, fields of any
 * visibility), and the error body {@code {"error": code, "message": text}}. Thread-safe.
 */
public final class Json {
    private static final Logger LOG = LoggerFactory.getLogger(Json.class);

    /** Every timestamp: ISO-8601 in UTC, to the millisecond ({@code 2026-01-05T10:00:00.000Z}). */
    static final DateTimeFormatter INSTANT = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'")
            .withZone(ZoneOffset.UTC);

    /** The error code of an error answer, as a response attribute (Akka HTTP does not send attributes). */
    private static final AttributeKey<String> ERROR_CODE = AttributeKey.create("medic-error-code", String.class);

    /** Medic's answers. */
    public static final ObjectMapper API = api();
    /** Application state read from a PUT body. */
    public static final ObjectMapper STATE = state();

    private Json() {
    }

    private static ObjectMapper api() {
        SimpleModule m = new SimpleModule("medic");
        m.addSerializer(Pid.class, ToStringSerializer.instance);
        m.addSerializer(Instant.class, new StdSerializer<>(Instant.class) {
            @Override
            public void serialize(Instant i, JsonGenerator gen, SerializerProvider p) throws IOException {
                gen.writeString(INSTANT.format(i));
            }
        });
        m.addSerializer(ExitReason.class, ToStringSerializer.instance);
        m.addSerializer(Rendered.class, new StdSerializer<>(Rendered.class) {
            @Override
            public void serialize(Rendered r, JsonGenerator gen, SerializerProvider p) throws IOException {
                gen.writeStartObject();
                gen.writeStringField("type", r.type());
                gen.writeBooleanField("truncated", r.truncated());
                gen.writeFieldName("value");
                gen.writeRawValue(r.json());
                gen.writeEndObject();
            }
        });
        m.addSerializer(Duration.class, new StdSerializer<>(Duration.class) {
            @Override
            public void serialize(Duration d, JsonGenerator gen, SerializerProvider p) throws IOException {
                gen.writeNumber(d.toMillis());
            }
        });
        @SuppressWarnings({"unchecked", "rawtypes"})
        Class<Enum<?>> enumClass = (Class) Enum.class;
        m.addSerializer(enumClass, new StdSerializer<>(enumClass) {
            @Override
            public void serialize(Enum<?> e, JsonGenerator gen, SerializerProvider p) throws IOException {
                gen.writeString(e.name().toLowerCase(Locale.ROOT));
            }
        });
        ObjectMapper mapper = new ObjectMapper();
        mapper.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
        mapper.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
        mapper.registerModule(m);
        return mapper;
    }

    private static ObjectMapper state() {
        ObjectMapper mapper = new ObjectMapper(JsonFactory.builder().streamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(JsonBodies.MAX_DEPTH).maxNumberLength(JsonBodies.MAX_NUMBER_LENGTH).build()).build());
        mapper.setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY);
        return mapper;
    }

    /**
     * A rendering's JSON, to be written as it is into an answer (it is always one well-formed JSON
     * value: see {@link Rendered}). A {@link Rendered} field of an answer is written as
     * {@code {"type": ..., "truncated": ..., "value": ...}}.
     */
    public static RawValue raw(Rendered r) {
        return new RawValue(r.json());
    }

    /** 200 with {@code body} as JSON. */
    public static HttpResponse ok(Object body) {
        return response(StatusCodes.OK, body);
    }

    /** {@code status} with {@code body} as JSON; a body that cannot be written becomes a 500 (logged). */
    public static HttpResponse response(StatusCode status, Object body) {
        try {
            return HttpResponse.create().withStatus(status)
                    .withEntity(ContentTypes.APPLICATION_JSON, API.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            LOG.error("cannot render a {} answer as JSON", body == null ? null : body.getClass().getName(), e);
            return error(StatusCodes.INTERNAL_SERVER_ERROR, "internal",
                    "the answer could not be rendered as JSON; see the node's log");
        }
    }

    /**
     * The error body {@code {"error": code, "message": message}}; the response carries the code as an
     * attribute too (never sent), for the audit log ({@link #errorCode}).
     */
    public static HttpResponse error(StatusCode status, String code, String message) {
        ObjectNode body = API.createObjectNode();
        body.put("error", code);
        body.put("message", message);
        try {
            return HttpResponse.create().withStatus(status)
                    .withEntity(ContentTypes.APPLICATION_JSON, API.writeValueAsBytes(body))
                    .addAttribute(ERROR_CODE, code);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e); // an ObjectNode of two strings always renders
        }
    }

    /** The error code of an answer made by {@link #error}; empty for any other answer. */
    static Optional<String> errorCode(HttpResponse response) {
        return response.getAttribute(ERROR_CODE);
    }
}
