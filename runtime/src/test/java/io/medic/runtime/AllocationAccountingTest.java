package io.medic.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 2 §5, allocated bytes with the default sampling (one message in 16, scaled by 16): init is not
 * a sampled message, it is measured once and counted once.
 */
class AllocationAccountingTest {
    private static final Duration T = Duration.ofSeconds(5);
    private static final int FOUR_MIB = 4 << 20;
    private static Node node;
    /** Keeps the allocations from being optimised away. */
    static volatile byte[] sink;

    @BeforeAll
    static void start() {
        node = Node.start("allocation-accounting-test", ConfigFactory.empty());
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    /** Allocates 4 MiB in init, nothing per message. */
    static final class HeavyInit extends GenServer<Integer> {
        @Override
        protected Init<Integer> init() {
            sink = new byte[FOUR_MIB];
            return ok(0);
        }

        @Override
        protected Result<Integer> handleCall(Object request, From from, Integer n) {
            return reply(n, n);
        }
    }

    @Test
    void initIsCountedOnceNotScaledAsASampledMessage() {
        Pid pid = GenServer.startSync(node, new HeavyInit(), SpawnOptions.DEFAULT, T);
        for (int i = 0; i < 3; i++) {
            GenServer.call(pid, "sync", T);
        }
        long allocated = pid.entry().allocatedBytes();
        assertTrue(allocated >= FOUR_MIB, "init allocated 4 MiB, counted " + allocated);
        assertTrue(allocated < 2 * FOUR_MIB, "init allocated 4 MiB once, counted " + allocated);
    }
}
