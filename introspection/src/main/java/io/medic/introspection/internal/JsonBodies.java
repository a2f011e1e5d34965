package io.medic.introspection.internal;

import akka.http.javadsl.model.HttpEntity;
import akka.http.javadsl.model.MediaTypes;
import akka.http.javadsl.model.StatusCodes;
import akka.http.javadsl.unmarshalling.Unmarshaller;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.medic.runtime.LogText;
import java.io.IOException;
import io.medic.runtime.Jvm;
import java.io.UncheckedIOException;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * INTERNAL API
 *
 * <p>Request bodies read as JSON, strictly, and refused in Medic's words:
 *
 * <ul>
 *   <li>{@link #UNMARSHALLER}, the body of every mutating route: {@code application/json} (else Akka
 *       HTTP's 415), exactly one JSON value, then nothing but whitespace. Anything else is a
 *       {@code 400 bad_body} saying where — line and column, counted from 1 — and what: empty, malformed
 *       (and the character found there), cut off inside a value, content after the value, or beyond the
 *       parser's limits ({@link #MAX_DEPTH} levels of nesting, numbers of {@link #MAX_NUMBER_LENGTH}
 *       digits).</li>
 *   <li>{@link #read}: a JSON value as an instance of an application class (replace_state's new state),
 *       refused as a {@code 400 bad_body} naming the field ({@code tags[1].name}), the bad value and
 *       what was expected in JSON's words ({@code an integer}, {@code a string}, {@code an object}); a
 *       class that cannot be built from JSON at all is a {@code 409 not_supported}.</li>
 * </ul>
 *
 * <p>No message quotes the parser, names a Java class or excerpts the body beyond the bad value (cut to
 * {@link #MAX_ECHO} characters). Stateless; thread-safe.
 */
final class JsonBodies {
    /** Levels of nesting a body may have. */
    static final int MAX_DEPTH = 1000;
    /** Characters a number in a body may have. */
    static final int MAX_NUMBER_LENGTH = 1000;
    /** Characters of a bad value echoed in a message. */
    static final int MAX_ECHO = 100;

    /** The body of a mutating route: one JSON value, {@code application/json}. */
    static final Unmarshaller<HttpEntity, JsonNode> UNMARSHALLER =
            Unmarshaller.forMediaType(MediaTypes.APPLICATION_JSON, Unmarshaller.entityToString()).thenApply(JsonBodies::parse);

    private JsonBodies() {
    }

    /** {@code text} as one JSON value followed by nothing but whitespace; 400 {@code bad_body} otherwise. */
    static JsonNode parse(String text) {
        boolean afterValue = false;
        try (JsonParser p = Json.STATE.createParser(text)) {
            JsonNode value = Json.STATE.readTree(p);
            if (value == null || value.isMissingNode()) {
                throw bad("body: empty, expected a JSON value");
            }
            afterValue = true;
            if (p.nextToken() != null) {
                throw afterTheValue(p.getTokenLocation(), text);
            }
            return value;
        } catch (StreamConstraintsException e) {
            throw bad("body: nested more than " + MAX_DEPTH + " levels deep, or a number longer than "
                    + MAX_NUMBER_LENGTH + " characters, at " + where(e.getLocation(), 0));
        } catch (JsonEOFException e) {
            throw bad("body: ends inside a JSON value (an object, array or string is not closed) at "
                    + where(e.getLocation(), 0) + ", expected the rest of the value");
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            if (afterValue) {
                throw afterTheValue(e.getProcessor() instanceof JsonParser p ? p.getTokenLocation() : at, text);
            }
            throw bad("body: malformed JSON at " + where(at, -1) + found(text, at, -1));
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a String has no I/O to fail
        }
    }

    /**
     * {@code body} as an instance of {@code type}: 400 {@code bad_body} naming the field and what was
     * expected when it does not fit, 409 {@code not_supported} when {@code type} cannot be read from JSON.
     */
    static Object read(JsonNode body, Class<?> type) {
        if (!buildable(type)) {
            throw notSupported();
        }
        try {
            return Json.STATE.treeToValue(body, type);
        } catch (InvalidDefinitionException e) {
            throw notSupported();
        } catch (UnrecognizedPropertyException e) {
            throw bad(field(e) + ": unknown field, expected one of " + known(e.getKnownPropertyIds()));
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause();
            throw bad(field(e) + ": refused by the state's constructor"
                    + (cause == null || cause.getMessage() == null ? "" : ": " + Params.cut(cause.getMessage())));
        } catch (MismatchedInputException e) {
            throw bad(field(e) + ": bad value " + valueAt(body, e.getPath()) + ", expected "
                    + expected(typeAt(type, e.getPath()).orElse(e.getTargetType())));
        } catch (JsonMappingException e) {
            throw bad(field(e) + ": bad value " + valueAt(body, e.getPath()) + ", cannot be read into the state");
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw bad("body: cannot be read into the state");
        }
    }

    // ================================================================== private helpers

    /**
     * Whether replace_state can build a {@code type} from JSON at all: a record, a class with a
     * no-argument constructor (of any visibility), or a JDK type (Jackson reads strings, numbers,
     * collections and maps itself). An abstract class or an inner (non-static) class cannot be.
     */
    private static boolean buildable(Class<?> type) {
        if (type.isRecord() || type.isEnum() || type.isArray() || type.isPrimitive() || Jvm.isPlatformClass(type)) {
            return true;
        }
        if (Modifier.isAbstract(type.getModifiers())) {
            return false;
        }
        try {
            type.getDeclaredConstructor();
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static HttpError notSupported() {
        return new HttpError(StatusCodes.CONFLICT, "not_supported", "body: the state of this process cannot be "
                + "read from JSON: replace_state builds a new state as a record, or with a no-argument constructor "
                + "and its fields, and its type is neither");
    }

    /**
     * The declared type at {@code path} below {@code root}, generics included (a mismatched element of a
     * {@code List<String>} is a string, where Jackson reports the list); empty when it cannot be told.
     */
    private static Optional<Class<?>> typeAt(Class<?> root, List<JsonMappingException.Reference> path) {
        JavaType t = Json.STATE.constructType(root);
        for (JsonMappingException.Reference r : path) {
            if (r.getFieldName() != null && !t.isContainerType()) {
                BeanDescription bean = Json.STATE.getDeserializationConfig().introspect(t);
                Optional<JavaType> field = bean.findProperties().stream()
                        .filter(p -> p.getName().equals(r.getFieldName())).findFirst().map(p -> p.getPrimaryType());
                if (field.isEmpty()) {
                    return Optional.empty();
                }
                t = field.get();
            } else if (t.isContainerType() && t.getContentType() != null) {
                t = t.getContentType();
            } else {
                return Optional.empty();
            }
        }
        return Optional.of(t.getRawClass());
    }

    private static HttpError bad(String message) {
        return HttpError.badRequest("bad_body", message);
    }

    private static HttpError afterTheValue(JsonLocation at, String text) {
        return bad("body: unexpected content after the JSON value at " + where(at, 0) + found(text, at, 0)
                + ", expected nothing but whitespace");
    }

    /** {@code line L, column C}; {@code shift} moves the column from where the parser stopped to the culprit. */
    private static String where(JsonLocation at, int shift) {
        if (at == null || at.getLineNr() < 1) {
            return "an unknown position";
        }
        return "line " + at.getLineNr() + ", column " + Math.max(1, at.getColumnNr() + shift);
    }

    /** {@code : found 'x'}, the character at {@code at} + {@code shift}; empty when there is none. */
    private static String found(String text, JsonLocation at, int shift) {
        long i = at == null ? -1 : at.getCharOffset() + shift;
        if (i < 0 || i >= text.length()) {
            return "";
        }
        return " (found " + LogText.quoted(String.valueOf(text.charAt((int) i))) + ")";
    }

    /** The field a mapping failed at, as a path: {@code tags[1].name}, or {@code body} for the whole value. */
    private static String field(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (b.length() > 0) {
                    b.append('.');
                }
                b.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.length() == 0 ? "body" : Params.cut(b.toString());
    }

    /** The value found at {@code path} in {@code body}, as JSON, cut to {@link #MAX_ECHO} characters. */
    private static String valueAt(JsonNode body, List<JsonMappingException.Reference> path) {
        JsonNode n = body;
        for (JsonMappingException.Reference r : path) {
            if (n == null) {
                break;
            }
            n = r.getFieldName() != null ? n.get(r.getFieldName()) : n.get(r.getIndex());
        }
        if (n == null) {
            return "(none)";
        }
        String s = n.toString();
        return s.length() > MAX_ECHO ? s.substring(0, MAX_ECHO) + "..." : s;
    }

    private static String known(Collection<Object> ids) {
        return ids == null || ids.isEmpty() ? "no field" : ids.stream().map(Objects::toString).sorted()
                .collect(Collectors.joining(", "));
    }

    /** What a Java type reads from, in JSON's words. */
    private static String expected(Class<?> t) {
        if (t == null) {
            return "a value of another kind";
        }
        if (t == boolean.class || t == Boolean.class) {
            return "true or false";
        }
        if (t == int.class || t == long.class || t == short.class || t == byte.class || t == Integer.class
                || t == Long.class || t == Short.class || t == Byte.class || t == BigInteger.class) {
            return "an integer";
        }
        if (t.isPrimitive() && t != char.class || Number.class.isAssignableFrom(t) || t == BigDecimal.class) {
            return "a number";
        }
        if (t == char.class || t == Character.class || CharSequence.class.isAssignableFrom(t)) {
            return "a string";
        }
        if (t.isEnum()) {
            return "one of " + Arrays.stream(t.getEnumConstants()).map(c -> ((Enum<?>) c).name())
                    .collect(Collectors.joining(", "));
        }
        if (t.isArray() || Collection.class.isAssignableFrom(t)) {
            return "an array";
        }
        return "an object";
    }
}
