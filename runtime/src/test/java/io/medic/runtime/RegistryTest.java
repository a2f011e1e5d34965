package io.medic.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.javadsl.Behaviors;
import io.medic.testing.Await;
import io.medic.testing.ExpectLog;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 2 §2, the registry: unique local names ({@code erlang:register/2}, {@code whereis/1}), an
 * already-registered error naming the name and its holder, automatic unregistration however the
 * process stops, and names validated with errors that name the value.
 */
class RegistryTest extends NodePerClass {
    private static final Duration T = Duration.ofSeconds(5);

    @Test
    void nameGivenAtSpawnIsRegisteredAndUnique() {
        Pid holder = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT.withName("unique"), T);
        assertEquals(Optional.of(holder), node.registry().whereis("unique"));
        assertEquals(holder, node.registry().registered().get("unique"));
        assertEquals(Optional.of("unique"), holder.entry().registeredName());
        int size = node.processes().size();

        AlreadyRegisteredException e = assertThrows(AlreadyRegisteredException.class,
                () -> GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT.withName("unique"), T));
        assertEquals("unique", e.name());
        assertSame(holder, e.holder());
        assertTrue(e.getMessage().contains("'unique'") && e.getMessage().contains(holder.toString()),
                "message names the name and its holder: " + e.getMessage());
        assertEquals("already_registered", e.code());
        assertEquals(size, node.processes().size(), "the refused spawn leaves nothing in the table");

        // plain behaviours share the same names
        assertThrows(AlreadyRegisteredException.class,
                () -> Medic.spawn(node, Behaviors.ignore(), SpawnOptions.DEFAULT.withName("unique")));
        assertEquals(Optional.of(holder), node.whereis("unique"), "the holder keeps its name");
    }

    @Test
    void registerUnregisterAndWhereis() {
        Pid a = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        Pid b = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        assertEquals(Optional.empty(), a.entry().registeredName());

        node.registry().register("later", a);
        assertEquals(Optional.of(a), node.whereis("later"));
        assertEquals(Optional.of("later"), a.entry().registeredName());
        node.registry().register("later", a); // the same name again for the same process is fine

        AlreadyRegisteredException taken = assertThrows(AlreadyRegisteredException.class,
                () -> node.registry().register("later", b));
        assertSame(a, taken.holder());
        assertTrue(taken.getMessage().contains("'later'") && taken.getMessage().contains(a.toString()),
                taken.getMessage());
        assertEquals(Optional.empty(), b.entry().registeredName());

        IllegalStateException second = assertThrows(IllegalStateException.class,
                () -> node.registry().register("other-name", a));
        assertTrue(second.getMessage().contains(a.toString()) && second.getMessage().contains("'later'"),
                "names the process and its current name: " + second.getMessage());

        Map<String, Pid> registered = node.registry().registered();
        assertEquals(a, registered.get("later"));
        try {
            registered.put("x", b); // a snapshot: changing it (if it allows that) registers nothing
        } catch (UnsupportedOperationException fine) {
            // an unmodifiable snapshot is fine too
        }
        assertFalse(node.registry().registered().containsKey("x"));
        assertEquals(Optional.empty(), node.whereis("x"));

        assertTrue(node.registry().unregister("later"));
        assertFalse(node.registry().unregister("later"), "a second unregister finds nothing");
        assertEquals(Optional.empty(), node.whereis("later"));
        assertEquals(Optional.empty(), a.entry().registeredName());
        assertTrue(a.isAlive(), "unregistering does not stop the process");

        node.registry().register("later", b); // the name is free again
        assertEquals(Optional.of(b), node.whereis("later"));
        node.registry().register("other-name", a); // and a can take another one
        assertEquals(Optional.of(a), node.whereis("other-name"));

        // the conditional form removes a name only from the process that holds it
        assertFalse(node.registry().unregister("later", a), "'later' is b's: a cannot release it");
        assertEquals(Optional.of(b), node.whereis("later"));
        assertTrue(node.registry().unregister("later", b));
        assertEquals(Optional.empty(), node.whereis("later"));
        assertEquals(Optional.empty(), b.entry().registeredName());
        assertFalse(node.registry().unregister("later", b), "a second conditional unregister finds nothing");
    }

    @Test
    void registeringADeadProcessFails() {
        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        Medic.exit(pid, ExitReason.KILLED);
        Await.result(Medic.whenExited(pid));
        NoProcessException e = assertThrows(NoProcessException.class, () -> node.registry().register("ghost", pid));
        assertTrue(e.getMessage().contains(pid.toString()), e.getMessage());
        assertEquals(Optional.empty(), node.whereis("ghost"));
    }

    @Test
    void nameIsReleasedOnNormalStop() {
        assertReleasedWhenStopped("normal-stop", pid -> GenServer.cast(pid, new Recorder.StopWith(ExitReason.NORMAL)),
                ExitReason.NORMAL);
    }

    @Test
    @ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "boom")
    void nameIsReleasedOnCrash() {
        RuntimeException boom = new IllegalStateException("boom");
        assertReleasedWhenStopped("crash", pid -> GenServer.cast(pid, new Recorder.Crash(boom)),
                ExitReason.exception(boom));
    }

    @Test
    void nameIsReleasedOnKill() {
        assertReleasedWhenStopped("kill", pid -> Medic.exit(pid, ExitReason.KILLED), ExitReason.KILLED);
    }

    @Test
    void nameIsReleasedOnExitSignal() {
        assertReleasedWhenStopped("exit-signal", pid -> Medic.exit(pid, ExitReason.SHUTDOWN), ExitReason.SHUTDOWN);
    }

    @Test
    void nameRegisteredAfterSpawnIsReleasedToo() {
        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        node.registry().register("registered-late", pid);
        GenServer.stop(pid, ExitReason.NORMAL, T);
        Await.result(Medic.whenExited(pid));
        assertEquals(Optional.empty(), node.whereis("registered-late"));
        assertFalse(node.registry().registered().containsKey("registered-late"));
    }

    @Test
    void plainBehaviourNameIsReleasedWhenItStops() {
        Pid pid = Medic.spawn(node, Behaviors.receiveMessage(m -> Behaviors.stopped()),
                SpawnOptions.DEFAULT.withName("plain-named")).pid();
        assertEquals(Optional.of(pid), node.whereis("plain-named"));
        Medic.send(pid, "stop please");
        assertEquals(ExitReason.NORMAL, Await.result(Medic.whenExited(pid)));
        assertEquals(Optional.empty(), node.whereis("plain-named"));
        Pid again = Medic.spawn(node, Behaviors.ignore(), SpawnOptions.DEFAULT.withName("plain-named")).pid();
        assertEquals(Optional.of(again), node.whereis("plain-named"));
    }

    private static void assertReleasedWhenStopped(String name, Consumer<Pid> stopper, ExitReason expected) {
        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT.withName(name), T);
        assertEquals(Optional.of(pid), node.whereis(name));
        stopper.accept(pid);
        assertEquals(expected, Await.result(Medic.whenExited(pid)));
        assertEquals(Optional.empty(), node.whereis(name), "name of a process stopped with " + expected);
        assertFalse(node.registry().registered().containsKey(name));
        assertEquals(Optional.empty(), node.lookup(name));
        // and it can be taken again at once
        Pid next = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT.withName(name), T);
        assertEquals(Optional.of(next), node.whereis(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "tab\there", "<0.1.0>", "<name", "/user/x", "1.2.3", "akka://sys/user/x",
        "ctl\u0001char"})
    void invalidNamesAreRejectedNamingTheValue(String bad) {
        BadProcessReferenceException atSpawn = assertThrows(BadProcessReferenceException.class,
                () -> SpawnOptions.DEFAULT.withName(bad));
        assertTrue(atSpawn.getMessage().contains("'" + bad + "'"), atSpawn.getMessage());
        assertEquals(bad, atSpawn.value());

        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT, T);
        BadProcessReferenceException atRegister = assertThrows(BadProcessReferenceException.class,
                () -> node.registry().register(bad, pid));
        assertTrue(atRegister.getMessage().contains("'" + bad + "'"), atRegister.getMessage());
        assertEquals(Optional.empty(), pid.entry().registeredName());

        assertThrows(BadProcessReferenceException.class, () -> Registry.validateName(bad));
    }

    @Test
    void overlongNameIsRejectedWithItsLength() {
        String ok = "n".repeat(255);
        Registry.validateName(ok);
        String tooLong = "n".repeat(256);
        BadProcessReferenceException e = assertThrows(BadProcessReferenceException.class,
                () -> SpawnOptions.DEFAULT.withName(tooLong));
        assertTrue(e.getMessage().contains("got 256"), e.getMessage());
        assertThrows(BadProcessReferenceException.class, () -> SpawnOptions.DEFAULT.withName(null));
    }

    @Test
    void longValidNameIsUsable() {
        String name = "service.v2:worker_α-" + "x".repeat(200);
        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT.withName(name), T);
        assertEquals(Optional.of(pid), node.whereis(name));
        assertEquals(Optional.of(pid), node.lookup(name));
    }
}
