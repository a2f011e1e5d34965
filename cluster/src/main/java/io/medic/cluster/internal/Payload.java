package io.medic.cluster.internal;

import akka.actor.ActorSystem;
import akka.serialization.Serialization;
import akka.serialization.SerializationExtension;
import akka.serialization.Serializer;
import akka.serialization.Serializers;

/**
 * INTERNAL API
 *
 * <p>A user's message (a request, a reply, a cast, an info) inside one of Medic's envelopes: serialized
 * with Akka's serialization where it is sent, on the sender's thread — so that a message no serializer
 * is bound to fails the call at once, naming its class, instead of being dropped by the transport —
 * and deserialized when the envelope is, on the transport's inbound threads. Immutable.
 */
public final class Payload {
    /** The null reply of a call that replied {@code null}. */
    static final int NULL = -1;

    final int serializerId;
    final String manifest;
    final byte[] bytes;
    /** The deserialized value, on the receiving side. */
    final Object value;
    /** Why it could not be deserialized, on the receiving side; null when it could. */
    final String error;

    private Payload(int serializerId, String manifest, byte[] bytes, Object value, String error) {
        this.serializerId = serializerId;
        this.manifest = manifest;
        this.bytes = bytes;
        this.value = value;
        this.error = error;
    }

    /**
     * Serializes {@code value} now.
     *
     * @throws NotSerializable naming the class and what to do about it
     */
    static Payload of(ActorSystem system, Object value, String what) {
        if (value == null) {
            return new Payload(NULL, "", new byte[0], null, null);
        }
        Serialization s = SerializationExtension.get(system);
        Serializer serializer;
        byte[] bytes;
        try {
            serializer = s.findSerializerFor(value); // throws java.io.NotSerializableException, unchecked from Scala
            bytes = s.serialize(value).get();
        } catch (Exception e) {
            throw new NotSerializable(what, value, e);
        }
        return new Payload(serializer.identifier(), Serializers.manifestFor(serializer, value), bytes, value, null);
    }

    /** What arrived: deserialized now (a failure is kept, to be answered, not thrown). */
    static Payload received(ActorSystem system, int serializerId, String manifest, byte[] bytes) {
        if (serializerId == NULL) {
            return new Payload(NULL, "", bytes, null, null);
        }
        try {
            Object v = SerializationExtension.get(system).deserialize(bytes, serializerId, manifest).get();
            return new Payload(serializerId, manifest, bytes, v, null);
        } catch (RuntimeException | LinkageError e) {
            return new Payload(serializerId, manifest, bytes, null,
                    "could not be deserialized (serializer " + serializerId + ", manifest '" + manifest + "'): " + e);
        }
    }

    /** The value; only on the receiving side, when {@link #error} is null. */
    Object value() {
        return value;
    }

    /** A message Akka's serialization cannot serialize: no serializer bound to its class, or its serializer failed. */
    static final class NotSerializable extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        NotSerializable(String what, Object value, Throwable cause) {
            super(what + " of class " + value.getClass().getName() + " cannot be sent to another node: " + cause.getMessage()
                    + " (bind a serializer to it, e.g. implement io.medic.cluster.ClusterMessage for Jackson; see docs/cluster.md#serialization)",
                    cause);
        }
    }
}
