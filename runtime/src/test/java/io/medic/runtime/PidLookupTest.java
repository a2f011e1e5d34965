package io.medic.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import akka.actor.typed.javadsl.Behaviors;
import io.medic.testing.Await;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 2 §2, pids: one lookup accepts {@code <0.N.0>}, {@code 0.N.0}, a registered name and an actor
 * path (with or without address), like {@code recon:info/1}; an unknown process is an empty result, a
 * malformed reference an error naming the bad value.
 */
class PidLookupTest {
    private static final Duration T = Duration.ofSeconds(5);
    private static Node node;
    private static Pid named;
    private static Pid child;

    @BeforeAll
    static void start() {
        node = Node.start("pid-lookup-test");
        named = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT.withName("looked-up"), T);
        child = GenServer.call(named, new Recorder.Exec(self ->
                Medic.spawn(self.ctx(), Behaviors.ignore(), SpawnOptions.DEFAULT).pid()), T);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void pidPrintsLikeAnErlangPid() {
        assertEquals("<0." + named.number() + ".0>", named.toString());
        assertTrue(named.number() > 0);
        assertTrue(child.number() != named.number(), "pid numbers are node-unique");
    }

    @Test
    void everyReferenceFormFindsTheProcess() {
        for (Pid pid : new Pid[] {named, child}) {
            long n = pid.number();
            assertEquals(Optional.of(pid), node.lookup("<0." + n + ".0>"), "<0.N.0>");
            assertEquals(Optional.of(pid), node.lookup("0." + n + ".0"), "0.N.0");
            assertEquals(Optional.of(pid), node.lookup(" <0." + n + ".0> "), "surrounding blanks are ignored");
            assertEquals(Optional.of(pid), node.lookup(pid.path()), "full actor path " + pid.path());
            assertTrue(pid.path().startsWith("akka://pid-lookup-test/"), pid.path());
            String withoutAddress = pid.ref().path().toStringWithoutAddress();
            assertTrue(withoutAddress.startsWith("/"), withoutAddress);
            assertEquals(Optional.of(pid), node.lookup(withoutAddress), "path without address " + withoutAddress);
            assertEquals(Optional.of(pid), node.processes().lookup(pid.ref()), "actor ref");
            assertEquals(Optional.of(pid), node.processes().byNumber(n), "number");
            assertEquals(pid, node.pid("<0." + n + ".0>"));
        }
        String serialized = named.ref().path().toSerializationFormat();
        assertTrue(serialized.contains("#"), serialized);
        assertEquals(Optional.of(named), node.lookup(serialized), "path with its uid " + serialized);
        assertEquals(Optional.of(named), node.lookup("looked-up"), "registered name");
        assertEquals(Optional.of(named), node.whereis("looked-up"));
        assertTrue(child.path().startsWith(named.path() + "/"), "a child's path is under its parent's");
    }

    @Test
    void unknownProcessesAreAnEmptyResultNotAnException() {
        long unused = 987_654_321L;
        assertEquals(Optional.empty(), node.lookup("<0." + unused + ".0>"));
        assertEquals(Optional.empty(), node.lookup("0." + unused + ".0"));
        assertEquals(Optional.empty(), node.lookup("nobody-has-this-name"));
        assertEquals(Optional.empty(), node.lookup("akka://pid-lookup-test/user/Recorder-" + unused));
        assertEquals(Optional.empty(), node.lookup("/user/Recorder-" + unused));
        assertEquals(Optional.empty(), node.lookup("/user/not-a-medic-actor"));
        // a path that names a live pid number but another actor is not that process
        assertEquals(Optional.empty(), node.lookup("/user/other-" + named.number()));
        NoProcessException e = assertThrows(NoProcessException.class, () -> node.pid("nobody-has-this-name"));
        assertTrue(e.getMessage().contains("nobody-has-this-name"), e.getMessage());
        assertEquals("noproc", e.code());
    }

    @Test
    void stoppedProcessIsNotFoundByAnyForm() {
        Pid pid = GenServer.startSync(node, new Recorder(), SpawnOptions.DEFAULT.withName("short-lived"), T);
        String path = pid.path();
        assertEquals(Optional.of(pid), node.lookup("short-lived"));
        Medic.exit(pid, ExitReason.KILLED);
        Await.result(Medic.whenExited(pid));
        assertEquals(Optional.empty(), node.lookup(pid.toString()));
        assertEquals(Optional.empty(), node.lookup("short-lived"));
        assertEquals(Optional.empty(), node.lookup(path));
        assertEquals(Optional.empty(), node.processes().lookup(pid.ref()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"<0.x.0>", "<1.5.0>", "1.5.0", "0.5.7", "1.2", "<0.5.0", "0.5.0>", "<>", "<0.5>", "1..2"})
    void malformedReferencesAreRejectedNamingTheValue(String bad) {
        BadProcessReferenceException e = assertThrows(BadProcessReferenceException.class, () -> node.lookup(bad));
        assertTrue(e.getMessage().contains("'" + bad + "'"), "message should name " + bad + ": " + e.getMessage());
        assertEquals(bad, e.value());
    }

    @Test
    void emptyAndBlankReferencesAreRejected() {
        for (String bad : new String[] {"", "   "}) {
            BadProcessReferenceException e = assertThrows(BadProcessReferenceException.class, () -> node.lookup(bad));
            assertTrue(e.getMessage().contains("bad value ''"), e.getMessage());
            assertTrue(e.getMessage().contains("expected <0.N.0>"), "message says what is expected: " + e.getMessage());
        }
        BadProcessReferenceException e = assertThrows(BadProcessReferenceException.class, () -> node.lookup(null));
        assertTrue(e.getMessage().contains("null"), e.getMessage());
    }

    @Test
    void remotePidFormIsExplainedInTheError() {
        BadProcessReferenceException e = assertThrows(BadProcessReferenceException.class, () -> node.lookup("<1.5.0>"));
        assertTrue(e.getMessage().contains("<0.N.0>@node (a process of another node)"), e.getMessage());
    }
}
