package io.medic.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.typed.ActorRef;
import akka.actor.typed.javadsl.Adapter;
import akka.actor.typed.javadsl.Behaviors;
import io.medic.testing.Await;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code messages_out}: the messages a process's handlers send — calls, casts, {@code Medic.send},
 * Akka's {@code tell} to a Medic process, replies — counted for the process whose handler runs on the
 * sending thread, and nothing sent from outside a handler; in the process table and in sys statistics.
 */
class MessagesOutTest extends NodePerClass {
    private static final Duration T = Duration.ofSeconds(30);

    /** Counts what it receives, replies to calls. */
    static final class Sink extends GenServer<Integer> {
        final AtomicInteger received = new AtomicInteger();

        @Override
        protected Init<Integer> init() {
            return ok(0);
        }

        @Override
        protected Result<Integer> handleCall(Object request, From from, Integer n) {
            received.incrementAndGet();
            return reply("ok", n + 1);
        }

        @Override
        protected Result<Integer> handleCast(Object message, Integer n) {
            received.incrementAndGet();
            return noreply(n + 1);
        }

        @Override
        protected Result<Integer> handleInfo(Object message, Integer n) {
            received.incrementAndGet();
            return noreply(n + 1);
        }
    }

    /** On "go", sends to the sink every way a handler can, and once to an actor that is not a Medic process. */
    static final class Sender extends GenServer<Void> {
        final Pid sink;
        final ActorRef<Object> plain;

        Sender(Pid sink, ActorRef<Object> plain) {
            this.sink = sink;
            this.plain = plain;
        }

        @Override
        protected Init<Void> init() {
            return ok(null);
        }

        @Override
        protected Result<Void> handleCast(Object message, Void s) {
            for (int i = 0; i < 3; i++) {
                GenServer.cast(sink, "cast " + i); // 3
            }
            Medic.send(sink, "info 1"); // 4
            Medic.send(sink, "info 2"); // 5
            sink.ref().tell("tell"); // 6: Akka's own tell, to a Medic process
            GenServer.call(sink, "call", T); // 7 (the call); the sink's reply is the sink's message out
            plain.tell("not a Medic process"); // not seen
            return noreply(s);
        }
    }

    @Test
    void aHandlersSendsCountAsItsMessagesOutAndTheRepliesAsTheServers() {
        Sink sink = new Sink();
        Pid sinkPid = GenServer.startSync(node, sink, SpawnOptions.DEFAULT, T);
        AtomicInteger plainGot = new AtomicInteger();
        ActorRef<Object> plain = Adapter.spawnAnonymous(node.classicSystem(), Behaviors.receive(Object.class)
                .onAnyMessage(m -> {
                    plainGot.incrementAndGet();
                    return Behaviors.same();
                }).build());
        Pid sender = GenServer.startSync(node, new Sender(sinkPid, plain), SpawnOptions.DEFAULT, T);
        Sys.statistics(sender, true);
        Sys.statistics(sinkPid, true);

        GenServer.cast(sender, "go"); // from the test's thread: nobody's message out
        Await.until("the sink to get all seven and the plain actor its one", () -> sink.received.get() == 7
                && plainGot.get() == 1 && sender.entry().status() == ProcessStatus.WAITING
                && sinkPid.entry().status() == ProcessStatus.WAITING);

        assertEquals(7, sender.entry().messagesOut(), "3 casts, 2 sends, 1 tell and 1 call, not the plain actor's");
        assertEquals(1, sinkPid.entry().messagesOut(), "its one reply");
        assertEquals(7, Sys.getStatistics(sender).orElseThrow().messagesOut(), "sys statistics: since enabled");
        assertEquals(1, Sys.getStatistics(sinkPid).orElseThrow().messagesOut());
        assertEquals(7, ProcessAttribute.MESSAGES_OUT.read(sender.entry()));

        GenServer.cast(sinkPid, "from the test");
        GenServer.call(sinkPid, "from the test", T);
        Await.until("a reply to the test's call to be the sink's message out too (counted as its handler ends)",
                () -> sinkPid.entry().messagesOut() == 2);
        assertEquals(7, sender.entry().messagesOut(), "sends from outside its handlers are not its");
    }

    @Test
    void aPlainBehavioursTellsToMedicProcessesAreItsMessagesOut() {
        Sink sink = new Sink();
        Pid sinkPid = GenServer.startSync(node, sink, SpawnOptions.DEFAULT, T);
        Spawned<String> relay = Medic.spawn(node, Behaviors.receive(String.class).onMessage(String.class, m -> {
            sinkPid.ref().tell(m);
            sinkPid.ref().tell(m);
            return Behaviors.same();
        }).build(), SpawnOptions.DEFAULT);
        relay.ref().tell("hello");
        relay.ref().tell("again");
        Await.until("the sink to get four", () -> sink.received.get() == 4);
        Await.until("the relay to be done", () -> relay.pid().entry().status() == ProcessStatus.WAITING
                && relay.pid().entry().messagesHandled() == 2);
        assertEquals(4, relay.pid().entry().messagesOut());
    }
}
