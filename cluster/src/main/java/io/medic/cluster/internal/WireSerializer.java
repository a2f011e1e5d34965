package io.medic.cluster.internal;

import akka.actor.ActorRef;
import akka.actor.ExtendedActorSystem;
import akka.serialization.Serialization;
import akka.serialization.SerializerWithStringManifest;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * INTERNAL API
 *
 * <p>Akka serializer of Medic's {@link Wire.Envelope}s: a few fields around the user's message, which
 * travels as its own serializer id, manifest and bytes ({@link Payload}) and is deserialized here, on
 * the transport's inbound threads, not by the receiving actor. Registered by the module's
 * {@code reference.conf}; identifier {@value #ID}.
 */
public final class WireSerializer extends SerializerWithStringManifest {
    static final int ID = 617_406_001;

    private static final String CALL = "C";
    private static final String REPLY = "R";
    private static final String CAST = "K";
    private static final String SEND = "S";
    private static final String EXIT = "E";

    private final ExtendedActorSystem system;

    public WireSerializer(ExtendedActorSystem system) {
        this.system = system;
    }

    @Override
    public int identifier() {
        return ID;
    }

    @Override
    public String manifest(Object o) {
        if (o instanceof Wire.CallReq) {
            return CALL;
        }
        if (o instanceof Wire.CallRes) {
            return REPLY;
        }
        if (o instanceof Wire.Cast) {
            return CAST;
        }
        if (o instanceof Wire.Send) {
            return SEND;
        }
        if (o instanceof Wire.Exit) {
            return EXIT;
        }
        throw new IllegalArgumentException("not a Medic envelope: " + o.getClass().getName());
    }

    @Override
    public byte[] toBinary(Object o) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            if (o instanceof Wire.CallReq c) {
                out.writeLong(c.target());
                out.writeLong(c.timeoutMs());
                ref(out, c.replyTo());
                payload(out, c.request());
            } else if (o instanceof Wire.CallRes r) {
                out.writeBoolean(r.code() == null);
                if (r.code() == null) {
                    payload(out, r.value());
                } else {
                    string(out, r.code());
                    string(out, r.message());
                    out.writeByte(r.reasonKind());
                    string(out, r.reasonText());
                }
            } else if (o instanceof Wire.Cast c) {
                out.writeLong(c.target());
                payload(out, c.message());
            } else if (o instanceof Wire.Send s) {
                out.writeLong(s.target());
                payload(out, s.message());
            } else if (o instanceof Wire.Exit e) {
                out.writeLong(e.target());
                string(out, e.from());
                out.writeByte(e.reasonKind());
                string(out, e.reasonText());
            } else {
                throw new IllegalArgumentException("not a Medic envelope: " + o.getClass().getName());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public Object fromBinary(byte[] bytes, String manifest) throws NotSerializableException {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            switch (manifest) {
                case CALL: {
                    long target = in.readLong();
                    long timeout = in.readLong();
                    ActorRef replyTo = ref(in);
                    return new Wire.CallReq(target, payload(in), timeout, replyTo);
                }
                case REPLY: {
                    if (in.readBoolean()) {
                        return Wire.CallRes.ok(payload(in));
                    }
                    return new Wire.CallRes(null, string(in), string(in), in.readByte(), string(in));
                }
                case CAST:
                    return new Wire.Cast(in.readLong(), payload(in));
                case SEND:
                    return new Wire.Send(in.readLong(), payload(in));
                case EXIT:
                    return new Wire.Exit(in.readLong(), string(in), in.readByte(), string(in));
                default:
                    throw new NotSerializableException("unknown manifest '" + manifest + "' of Medic's wire serializer");
            }
        } catch (IOException e) {
            NotSerializableException n = new NotSerializableException("bad Medic envelope (" + manifest + "): " + e);
            n.initCause(e);
            throw n;
        }
    }

    private static void payload(DataOutputStream out, Payload p) throws IOException {
        out.writeInt(p.serializerId);
        string(out, p.manifest);
        out.writeInt(p.bytes.length);
        out.write(p.bytes);
    }

    private Payload payload(DataInputStream in) throws IOException {
        int id = in.readInt();
        String manifest = string(in);
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return Payload.received(system, id, manifest, b);
    }

    private static void ref(DataOutputStream out, ActorRef ref) throws IOException {
        string(out, Serialization.serializedActorPath(ref));
    }

    private ActorRef ref(DataInputStream in) throws IOException {
        return system.provider().resolveActorRef(string(in));
    }

    private static void string(DataOutputStream out, String s) throws IOException {
        byte[] b = (s == null ? "" : s).getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String string(DataInputStream in) throws IOException {
        byte[] b = new byte[in.readInt()];
        in.readFully(b);
        return new String(b, StandardCharsets.UTF_8);
    }
}
