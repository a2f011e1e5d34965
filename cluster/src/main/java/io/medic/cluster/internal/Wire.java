package io.medic.cluster.internal;

import akka.actor.ActorRef;
import io.medic.introspection.NodeStats;
import java.util.List;

/**
 * INTERNAL API
 *
 * <p>The messages nodes exchange, all addressed to the per-node Medic actor ({@link Agent}) or to a
 * reply address. Two kinds:
 * <ul>
 *   <li>{@link Envelope}s carry a process's messages (calls, replies, casts, sends, exits) and are
 *       written by Medic's own {@link WireSerializer}: a few fields around the user's message, itself
 *       serialized by Akka's serialization where it was sent ({@link Payload});</li>
 *   <li>{@link Control} messages (monitors, cluster-wide queries, failover) are records serialized by
 *       Akka's Jackson CBOR serializer.</li>
 * </ul>
 * Every answer is bounded: rankings by their limit (at most {@code medic.http.limits.max-limit}), node
 * stats by their fixed shape.
 */
public final class Wire {
    private Wire() {
    }

    /** Written by {@link WireSerializer}. */
    public interface Envelope {
    }

    /** Written by Akka's {@code jackson-cbor} serializer. */
    public interface Control {
    }

    // ================================================================== a process's messages

    /** {@code gen_server:call} of process {@code target} of the receiving node; the answer goes to {@code replyTo}. */
    public record CallReq(long target, Payload request, long timeoutMs, ActorRef replyTo) implements Envelope {
    }

    /**
     * The answer of a call: {@code value} when {@code code} is null, else the failure (a {@code noproc},
     * an {@code exit} with its reason, a {@code timeout}, or another error's code and message).
     */
    public record CallRes(Payload value, String code, String message, byte reasonKind, String reasonText)
            implements Envelope {
        static CallRes ok(Payload value) {
            return new CallRes(value, null, null, (byte) 0, null);
        }

        static CallRes failed(String code, String message) {
            return new CallRes(null, code, message, (byte) 0, null);
        }

        static CallRes exited(String message, Reasons.Wire reason) {
            return new CallRes(null, "exit", message, reason.kind(), reason.text());
        }
    }

    /** {@code gen_server:cast}. */
    public record Cast(long target, Payload message) implements Envelope {
    }

    /** {@code Pid ! Message}. */
    public record Send(long target, Payload message) implements Envelope {
    }

    /** {@code erlang:exit(Pid, Reason)} from {@code from} (a pid's text, {@code ""} for none). */
    public record Exit(long target, String from, byte reasonKind, String reasonText) implements Envelope {
    }

    // ================================================================== monitors

    /** {@code erlang:monitor(process, Pid)} of {@code target}; {@link Down} goes to {@code watcher} with {@code id}. */
    public record Monitor(long id, long target, ActorRef watcher) implements Control {
    }

    /** {@code erlang:demonitor/1} of the monitor {@code id} of {@code watcher}. */
    public record Demonitor(long id, ActorRef watcher) implements Control {
    }

    /** The monitored process exited (or never existed: {@code noproc}). */
    public record Down(long id, byte reasonKind, String reasonText) implements Control {
    }

    // ================================================================== cluster-wide queries (recon:rpc)

    /** {@code recon:proc_count(Attribute, N)} on the receiving node. */
    public record TopReq(String attribute, int n, ActorRef replyTo) implements Control {
    }

    /** {@code recon:proc_window(Attribute, N, Ms)} on the receiving node. */
    public record WindowReq(String attribute, int n, long windowMs, ActorRef replyTo) implements Control {
    }

    /** {@code recon:node_stats} of the receiving node, and where its HTTP API is. */
    public record StatsReq(ActorRef replyTo) implements Control {
    }

    /** One process of a ranking: {@code <0.number.0>} of the answering node. */
    public record Row(long number, long value, String registeredName, String initialCall, String currentMessageType,
                      String status) implements Control {
    }

    /** A node's top N. */
    public record TopRes(List<Row> rows) implements Control {
    }

    /** A node's stats, and the base URL of its {@code /medic} API if it serves one (or null). */
    public record StatsRes(NodeStats stats, String baseUrl) implements Control {
    }

    /** A query the node could not answer (busy window, bad argument...). */
    public record QueryFailed(String code, String message) implements Control {
    }

    // ================================================================== failover applications

    /** A failover application as a candidate node declares it. */
    public record AppSpec(String name, List<String> nodes, boolean takeover) implements Control {
    }

    /** A node's agent to the coordinator: what it may run, what it runs, what failed to start on it. */
    public record FailoverReport(ActorRef agent, List<AppSpec> apps, List<String> running, List<String> failed)
            implements Control {
    }

    /** A (new) coordinator to every agent: report to me. */
    public record FailoverHello(ActorRef coordinator) implements Control {
    }

    /** The coordinator to an agent: start this application here. */
    public record FailoverStart(String app) implements Control {
    }

    /** The coordinator to an agent: stop this application here (a takeover). */
    public record FailoverStop(String app) implements Control {
    }

    /** Where does each failover application run? */
    public record FailoverStatusReq(ActorRef replyTo) implements Control {
    }

    /** The coordinator's answer. */
    public record FailoverStatusRes(List<io.medic.cluster.FailoverStatus> apps) implements Control {
    }
}
