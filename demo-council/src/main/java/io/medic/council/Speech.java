package io.medic.council;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** What members say to each other, and how (recon_demo's {@code {msg, From, Payload}} and its TCP frame). */
final class Speech {
    private Speech() {
    }

    /** The timer message that makes a member speak. */
    enum Speak { SPEAK }

    /**
     * A speech sent as a Medic message: {@code {msg, From, Payload}}. Its {@code toString} shows the
     * sender and the payload's size, not the payload. It crosses nodes in a cluster (Jackson, docs/cluster.md#serialization).
     */
    record Msg(String from, byte[] payload) implements io.medic.cluster.ClusterMessage {
        @Override
        public String toString() {
            return "{msg, " + from + ", <<" + payload.length + " bytes>>}";
        }
    }

    /** The TCP frame: 1 byte name length, the name, 4 bytes payload length, the payload. */
    static byte[] frame(String from, byte[] payload) {
        byte[] name = from.getBytes(StandardCharsets.UTF_8);
        if (name.length > 255) {
            throw new IllegalArgumentException("name: bad value of " + name.length + " bytes, expected at most 255");
        }
        return ByteBuffer.allocate(1 + name.length + 4 + payload.length)
                .put((byte) name.length).put(name).putInt(payload.length).put(payload).array();
    }
}
