package io.medic.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SmokeTest {
    static final class Counter extends GenServer<Integer> {
        @Override protected Init<Integer> init() { return ok(0); }
        @Override protected Result<Integer> handleCall(Object r, From f, Integer n) {
            if ("crash".equals(r)) throw new IllegalStateException("boom");
            return reply(n, n);
        }
        @Override protected Result<Integer> handleCast(Object m, Integer n) { return noreply(n + 1); }
    }

    @Test
    void basics() throws Exception {
        try (Node node = Node.start("smoke")) {
            Pid pid = GenServer.startSync(node, new Counter(), SpawnOptions.DEFAULT.withName("counter"), Duration.ofSeconds(5));
            GenServer.cast(pid, "inc");
            GenServer.cast(pid, "inc");
            assertEquals(2, (int) GenServer.call(pid, "get"));
            assertEquals(pid, node.whereis("counter").orElseThrow());
            assertEquals(pid, node.lookup(pid.toString()).orElseThrow());
            assertEquals(pid, node.lookup(pid.path()).orElseThrow());
            System.out.println(pid.entry().snapshot());
            System.out.println(Sys.getStatus(pid));
            assertEquals(2, (int) Sys.getState(pid));
            ProcessExitException e = assertThrows(ProcessExitException.class, () -> GenServer.call(pid, "crash"));
            System.out.println(e);
            assertFalse(pid.isAlive());
            assertThrows(NoProcessException.class, () -> GenServer.call(pid, "get"));
            assertEquals(0, node.processes().size());
        }
    }
}
