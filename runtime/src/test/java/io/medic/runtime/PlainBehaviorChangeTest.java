package io.medic.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import akka.actor.typed.ActorRef;
import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.AbstractBehavior;
import akka.actor.typed.javadsl.ActorContext;
import akka.actor.typed.javadsl.Behaviors;
import akka.actor.typed.javadsl.Receive;
import io.medic.testing.Await;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A plain behaviour spawned through Medic changes behaviour exactly as it would without Medic, whichever
 * way it says "no change" (returning {@code this} or {@code same}), when it switches back and forth
 * between behaviour objects it keeps, and when it returns the same deferred behaviour twice (which
 * Akka starts afresh each time).
 */
@Timeout(30)
class PlainBehaviorChangeTest {
    private static Node node;

    @BeforeAll
    static void start() {
        node = Node.start("plain-behavior-change");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    /** Replies with the name of the behaviour that handled it. */
    record Which(CompletableFuture<String> reply) {
    }

    enum Cmd { TOGGLE, NOOP, RESET, SAME }

    /** Two behaviour objects made once; TOGGLE switches between them, NOOP returns this, SAME returns same. */
    static final class Toggle {
        final AtomicInteger setups = new AtomicInteger();
        Behavior<Object> first;
        Behavior<Object> second;
        Behavior<Object> deferred;

        Behavior<Object> create() {
            return Behaviors.setup(ctx -> {
                first = new Named(ctx, "first", this);
                second = new Named(ctx, "second", this);
                deferred = Behaviors.setup(c -> {
                    setups.incrementAndGet();
                    return first;
                });
                return first;
            });
        }
    }

    static final class Named extends AbstractBehavior<Object> {
        private final String name;
        private final Toggle toggle;
        private int handled;

        Named(ActorContext<Object> ctx, String name, Toggle toggle) {
            super(ctx);
            this.name = name;
            this.toggle = toggle;
        }

        @Override
        public Receive<Object> createReceive() {
            return newReceiveBuilder()
                    .onMessage(Which.class, w -> {
                        w.reply().complete(name + ":" + handled);
                        return this;
                    })
                    .onMessageEquals(Cmd.TOGGLE, () -> {
                        handled++;
                        return this == toggle.first ? toggle.second : toggle.first;
                    })
                    .onMessageEquals(Cmd.NOOP, () -> {
                        handled++;
                        return this;
                    })
                    .onMessageEquals(Cmd.SAME, () -> {
                        handled++;
                        return Behaviors.same();
                    })
                    .onMessageEquals(Cmd.RESET, () -> {
                        handled++;
                        return toggle.deferred;
                    })
                    .build();
        }
    }

    private static String which(ActorRef<Object> ref) throws Exception {
        CompletableFuture<String> f = new CompletableFuture<>();
        ref.tell(new Which(f));
        return f.get(5, TimeUnit.SECONDS);
    }

    private static List<String> script(ActorRef<Object> ref) throws Exception {
        List<String> seen = new ArrayList<>();
        seen.add(which(ref));
        ref.tell(Cmd.TOGGLE);
        seen.add(which(ref));
        ref.tell(Cmd.TOGGLE);
        seen.add(which(ref));
        ref.tell(Cmd.NOOP);
        ref.tell(Cmd.SAME);
        seen.add(which(ref));
        ref.tell(Cmd.TOGGLE);
        ref.tell(Cmd.NOOP);
        seen.add(which(ref));
        ref.tell(Cmd.TOGGLE);
        seen.add(which(ref));
        ref.tell(Cmd.RESET);
        seen.add(which(ref));
        ref.tell(Cmd.RESET);
        ref.tell(Cmd.RESET);
        ref.tell(Cmd.NOOP);
        seen.add(which(ref));
        return seen;
    }

    @Test
    void behaviourChangesAreTheSameWithAndWithoutMedic() throws Exception {
        Toggle plainToggle = new Toggle();
        ActorRef<Object> plain = node.system().systemActorOf(plainToggle.create(), "plain-toggle",
                akka.actor.typed.Props.empty());
        Toggle medicToggle = new Toggle();
        Spawned<Object> medic = Medic.spawn(node, medicToggle.create(), SpawnOptions.DEFAULT);

        List<String> expected = script(plain);
        List<String> actual = script(medic.ref());

        assertEquals(List.of("first:0", "second:0", "first:1", "first:3", "second:2", "first:4", "first:5",
                "first:8"), expected, "plain Akka itself");
        assertEquals(expected, actual);
        assertEquals(3, plainToggle.setups.get());
        assertEquals(3, medicToggle.setups.get(), "a deferred behaviour returned again is started again");
        // the last reply is sent from inside its handler, so its accounting may still be under way
        Await.untilAsserted(() -> assertEquals(19, medic.pid().entry().messagesHandled(), "every message is accounted"));
    }
}
