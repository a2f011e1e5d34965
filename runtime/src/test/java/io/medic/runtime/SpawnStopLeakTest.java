package io.medic.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.Behavior;
import akka.actor.typed.javadsl.Behaviors;
import io.medic.testing.Await;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 2 §2: entries leave the process table (and names the registry) when processes stop, whatever
 * the way they stop: 10 000 spawn/stop cycles leave both at their baseline.
 */
class SpawnStopLeakTest {
    private static final int CYCLES = 10_000;
    /** Processes alive at once; names {@code leak-0 .. leak-49} are reused by every batch. */
    private static final int BATCH = 50;
    private static Node node;

    @BeforeAll
    static void start() {
        node = Node.start("spawn-stop-leak-test");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    /** One way of starting and stopping a process, and the exit reason it must end with. */
    private enum Way {
        GEN_SERVER_STOP(ExitReason.NORMAL),
        NAMED_GEN_SERVER_EXIT_SHUTDOWN(ExitReason.SHUTDOWN),
        NAMED_GEN_SERVER_RETURNS_STOP(ExitReason.NORMAL),
        GEN_SERVER_KILLED(ExitReason.KILLED),
        NAMED_GEN_SERVER_INIT_IGNORE(ExitReason.NORMAL),
        NAMED_GEN_SERVER_INIT_STOP(ExitReason.SHUTDOWN),
        BEHAVIOR_RETURNS_STOPPED(ExitReason.NORMAL),
        NAMED_BEHAVIOR_KILLED(ExitReason.KILLED),
        NAMED_BEHAVIOR_EXIT_SHUTDOWN(ExitReason.SHUTDOWN);

        final ExitReason expected;

        Way(ExitReason expected) {
            this.expected = expected;
        }

        boolean named() {
            return name().startsWith("NAMED_");
        }
    }

    @Test
    void tenThousandSpawnStopCyclesLeaveTableAndRegistryAtBaseline() {
        int baselineSize = node.processes().size();
        Map<String, Pid> baselineNames = node.registry().registered();
        Way[] ways = Way.values();
        int[] perWay = new int[ways.length];

        for (int start = 0; start < CYCLES; start += BATCH) {
            List<Pid> pids = new ArrayList<>(BATCH);
            List<Way> used = new ArrayList<>(BATCH);
            for (int i = start; i < start + BATCH; i++) {
                Way way = ways[i % ways.length];
                SpawnOptions options = way.named() ? SpawnOptions.DEFAULT.withName("leak-" + (i - start))
                        : SpawnOptions.DEFAULT;
                pids.add(spawn(way, options));
                used.add(way);
                perWay[way.ordinal()]++;
            }
            for (int i = 0; i < BATCH; i++) {
                stop(used.get(i), pids.get(i));
            }
            List<CompletableFuture<ExitReason>> exits = new ArrayList<>(BATCH);
            for (Pid pid : pids) {
                exits.add(Medic.whenExited(pid).toCompletableFuture());
            }
            for (int i = 0; i < BATCH; i++) {
                assertEquals(used.get(i).expected, Await.result(exits.get(i)),
                        "exit reason of " + pids.get(i) + " stopped by " + used.get(i));
            }
        }

        assertEquals(baselineSize, node.processes().size(), "process table size after " + CYCLES + " cycles");
        assertEquals(baselineNames, node.registry().registered(), "registered names after " + CYCLES + " cycles");
        for (Way way : ways) {
            assertTrue(perWay[way.ordinal()] >= CYCLES / ways.length, way + " exercised");
        }
    }

    private static Pid spawn(Way way, SpawnOptions options) {
        switch (way) {
            case NAMED_GEN_SERVER_INIT_IGNORE:
                return GenServer.spawn(node, new InitReturns(GenServer.ignore()), options).pid();
            case NAMED_GEN_SERVER_INIT_STOP:
                return GenServer.spawn(node, new InitReturns(GenServer.stop(ExitReason.SHUTDOWN)), options).pid();
            case BEHAVIOR_RETURNS_STOPPED:
            case NAMED_BEHAVIOR_KILLED:
            case NAMED_BEHAVIOR_EXIT_SHUTDOWN:
                return Medic.spawn(node, stopOnRequest(), options).pid();
            default:
                return GenServer.spawn(node, new Recorder(), options).pid();
        }
    }

    private static void stop(Way way, Pid pid) {
        switch (way) {
            case GEN_SERVER_STOP -> GenServer.stop(pid, ExitReason.NORMAL, Duration.ofSeconds(10));
            case NAMED_GEN_SERVER_EXIT_SHUTDOWN, NAMED_BEHAVIOR_EXIT_SHUTDOWN -> Medic.exit(pid, ExitReason.SHUTDOWN);
            case NAMED_GEN_SERVER_RETURNS_STOP -> GenServer.cast(pid, new Recorder.StopWith(ExitReason.NORMAL));
            case GEN_SERVER_KILLED, NAMED_BEHAVIOR_KILLED -> Medic.exit(pid, ExitReason.KILLED);
            case BEHAVIOR_RETURNS_STOPPED -> Medic.send(pid, "stop");
            case NAMED_GEN_SERVER_INIT_IGNORE, NAMED_GEN_SERVER_INIT_STOP -> {
                // stops by itself in init
            }
            default -> throw new IllegalStateException(way.toString());
        }
    }

    private static Behavior<Object> stopOnRequest() {
        return Behaviors.receiveMessage(msg -> "stop".equals(msg) ? Behaviors.stopped() : Behaviors.same());
    }

    /** A server whose init returns a fixed result. */
    static final class InitReturns extends GenServer<Object> {
        private final Init<Object> result;

        InitReturns(Init<Object> result) {
            this.result = result;
        }

        @Override
        protected Init<Object> init() {
            return result;
        }
    }
}
