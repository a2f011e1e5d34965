package io.medic.cluster.internal;

import akka.actor.ActorSystem;
import akka.actor.Address;
import akka.actor.AddressFromURIString;
import akka.actor.ExtendedActorSystem;
import akka.actor.typed.javadsl.Adapter;
import akka.serialization.Serialization;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import java.io.IOException;

/**
 * INTERNAL API
 *
 * <p>Pids inside messages serialized with Akka's Jackson serializers (registered in
 * {@code akka.serialization.jackson.jackson-modules} by the module's {@code reference.conf}): a pid
 * travels as {@code {"node": "<its node's address>", "number": N, "ref": "<its actor's path>"}} and
 * arrives as the same process — a remote pid on another node, the local process itself back on its own
 * node. The ActorSystem is the one Akka's serialization is running for (its transport information).
 */
public final class PidModule extends SimpleModule {
    private static final long serialVersionUID = 1L;

    public PidModule() {
        super("MedicPid");
        addSerializer(Pid.class, new Writer());
        addDeserializer(Pid.class, new Reader());
    }

    private static ExtendedActorSystem system() {
        Serialization.Information info = Serialization.getCurrentTransportInformation();
        ActorSystem s = info.system();
        return (ExtendedActorSystem) s;
    }

    private static final class Writer extends StdSerializer<Pid> {
        private static final long serialVersionUID = 1L;

        Writer() {
            super(Pid.class);
        }

        @Override
        public void serialize(Pid pid, JsonGenerator gen, SerializerProvider provider) throws IOException {
            ExtendedActorSystem system = system();
            Address address;
            akka.actor.typed.ActorRef<Object> ref;
            if (pid instanceof ClusterPid c) {
                address = c.address;
                ref = c.refOrNull();
            } else {
                ClusterServices cluster = ClusterServices.get(Node.get(system));
                address = cluster.active ? cluster.self : system.provider().getDefaultAddress();
                ref = pid.ref();
            }
            gen.writeStartObject();
            gen.writeStringField("node", address.toString());
            gen.writeNumberField("number", pid.number());
            if (ref != null) {
                gen.writeStringField("ref", Serialization.serializedActorPath(Adapter.toClassic(ref)));
            }
            gen.writeEndObject();
        }
    }

    private static final class Reader extends StdDeserializer<Pid> {
        private static final long serialVersionUID = 1L;

        Reader() {
            super(Pid.class);
        }

        @Override
        public Pid deserialize(JsonParser p, DeserializationContext ctx) throws IOException {
            JsonNode tree = p.getCodec().readTree(p);
            JsonNode node = tree.get("node");
            JsonNode number = tree.get("number");
            if (node == null || !node.isTextual() || number == null || !number.canConvertToLong()) {
                throw ctx.weirdStringException(tree.toString(), Pid.class,
                        "expected {\"node\": \"akka://system@host:port\", \"number\": N, \"ref\": \"...\"}");
            }
            ExtendedActorSystem system = system();
            Address address = AddressFromURIString.parse(node.asText());
            JsonNode refPath = tree.get("ref");
            akka.actor.typed.ActorRef<Object> ref = refPath == null || !refPath.isTextual() ? null
                    : Adapter.toTyped(system.provider().resolveActorRef(refPath.asText()));
            return ClusterServices.get(Node.get(system)).pid(address, number.asLong(), ref);
        }
    }
}
