package io.medic.benchmarks;

import io.medic.benchmarks.fixtures.Kind;
import io.medic.benchmarks.fixtures.NodeHolder;
import io.medic.benchmarks.fixtures.RallyState;
import io.medic.introspection.ProcessSample;
import io.medic.runtime.Node;
import io.medic.runtime.ProcessEntry;
import io.medic.testing.ExpectLog;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Proves every benchmark's setup, a tiny run of its body and its teardown work, for every kind and
 * setting, in a few seconds: {@code mvn verify} never runs the benchmarks themselves. One node is
 * lent to all states (starting one per state would cost most of the time budget); the heap program,
 * which starts its own nodes, runs once with a few processes.
 */
@Timeout(60)
class BenchmarkSmokeTest {
    private static Node node;

    @BeforeAll
    static void startNode() {
        node = NodeHolder.startNode("bench-smoke");
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    @Test
    void pingPongAndCpuHandlerRunForEveryKindAndSetting() {
        for (Kind k : Kind.values()) {
            for (String dispatcher : new String[] {"single", "default"}) {
                for (int inFlight : new int[] {1, 32}) {
                    for (String style : new String[] {"receive", "abstractBehavior"}) {
                        run(new PingPongBenchmark(), k, dispatcher, inFlight, style);
                        run(new CpuHandlerBenchmark(), k, dispatcher, inFlight, style);
                    }
                }
            }
        }
    }

    @Test
    void pingPongRunsOnANodeThatDoesNotWatch() {
        PingPongBenchmark s = new PingPongBenchmark(); // its own node: medic.accounting.cpu and medic.monitor off
        s.kind = Kind.MEDIC_GENSERVER.param;
        s.style = "receive";
        s.dispatcher = "single";
        s.inFlight = 32;
        s.watching = "off";
        s.setup();
        try {
            s.rally(100);
        } finally {
            s.tearDown();
        }
    }

    private static void run(RallyState s, Kind k, String dispatcher, int inFlight, String style) {
        s.kind = k.param;
        s.style = style;
        s.dispatcher = dispatcher;
        s.inFlight = inFlight;
        s.node.lend(node);
        s.setup();
        try {
            s.rally(100);
            s.rally(3); // fewer rounds than balls in flight
        } finally {
            s.tearDown();
        }
    }

    @Test
    void burstRunsForEveryKind() {
        for (Kind k : Kind.values()) {
            for (String dispatcher : new String[] {"single", "default"}) {
                BurstBenchmark b = new BurstBenchmark();
                b.kind = k.param;
                b.dispatcher = dispatcher;
                b.node.lend(node);
                b.setup();
                try {
                    b.burst(1_000);
                    b.burst(1_000);
                } finally {
                    b.tearDown();
                }
            }
        }
    }

    @Test
    void boundedMailboxRunsForEveryMailbox() {
        for (String mailbox : new String[] {"akkaDefault", "akkaBounded", "medicUnbounded", "medicKeepOld",
                "medicDropOldest", "medicStack"}) {
            for (int inFlight : new int[] {1, 32}) {
                BoundedMailboxBenchmark b = new BoundedMailboxBenchmark();
                b.mailbox = mailbox;
                b.inFlight = inFlight;
                b.node.lend(node);
                b.setup();
                try {
                    b.burst(1_000);
                    b.rally(100);
                    b.rally(3);
                } finally {
                    b.tearDown();
                }
            }
        }
    }

    @Test
    void spawnAndStopLeavesNoProcessBehind() {
        int baseline = node.processes().size();
        for (Kind k : Kind.values()) {
            SpawnStopBenchmark b = new SpawnStopBenchmark();
            b.kind = k.param;
            b.node.lend(node);
            b.setup();
            try {
                b.spawnAndStop(500);
                b.spawnAndStop(500);
            } finally {
                b.tearDown();
            }
        }
        assertEquals(baseline, node.processes().size(), "Medic processes left in the table");
    }

    @Test
    void heapPerProcessMeasuresEveryKind() throws InterruptedException {
        for (Kind k : Kind.values()) {
            double bytes = HeapPerProcess.measure(k, 2_000);
            assertTrue(Double.isFinite(bytes), k + ": " + bytes);
        }
    }

    @Test
    void supervisorStartStartsAndStopsEveryKind() throws Exception {
        int baseline = node.processes().size();
        for (String kind : new String[] {"plainAsync", "plainOrdered", "medicSupervisor"}) {
            SupervisorStartBenchmark b = new SupervisorStartBenchmark();
            b.kind = kind;
            b.children = 300;
            b.node.lend(node);
            b.setup();
            try {
                for (int shot = 0; shot < 2; shot++) {
                    assertNotNull(b.start(), kind);
                    b.stopTree();
                }
            } finally {
                b.tearDown();
            }
        }
        assertEquals(baseline, node.processes().size(), "Medic processes left in the table");
    }

    @Test
    @ExpectLog(logger = ExpectLog.CRASH_REPORT, message = "RestartLatencyBenchmark")
    void restartLatencyRestartsEveryKind() throws Exception {
        for (String kind : new String[] {"plainRestart", "plainRespawn", "medicOneForOne"}) {
            RestartLatencyBenchmark b = new RestartLatencyBenchmark();
            b.kind = kind;
            b.node.lend(node);
            b.setup();
            try {
                Object first = b.crashAndRestart();
                Object second = b.crashAndRestart();
                if (!kind.equals("plainRestart")) { // Akka's in-place restart keeps the ref
                    assertNotEquals(first, second, kind + ": a restart makes a new process");
                }
            } finally {
                b.tearDown();
            }
        }
    }

    @Test
    void procCountRanksAPopulation() {
        ProcCountBenchmark b = new ProcCountBenchmark();
        b.processes = 2_000;
        b.attr = "memory";
        b.node.lend(node);
        b.setup();
        try {
            // a process re-estimates its state just after its handler: the largest can only grow meanwhile
            long before = maxMemory();
            List<?> top = b.procCount();
            long after = maxMemory();
            assertEquals(10, top.size());
            long first = ((ProcessSample) top.get(0)).value();
            assertTrue(before <= first && first <= after, before + " <= " + first + " <= " + after + ": " + top);
            long min = node.processes().entries().stream().mapToLong(ProcessEntry::memory).min().orElseThrow();
            assertTrue(after > min, "the population's memory differs: " + min + ".." + after);
        } finally {
            b.tearDown();
        }
    }

    private static long maxMemory() {
        return node.processes().entries().stream().mapToLong(ProcessEntry::memory).max().orElseThrow();
    }

    @Test
    void httpProcessesAnswers() throws Exception {
        HttpProcessesBenchmark b = new HttpProcessesBenchmark();
        b.processes = 1_000;
        b.setup(); // its own node: the management server binds once per node
        try {
            String body = b.processesByMemory();
            assertTrue(body.contains("\"processes\""), body);
        } finally {
            b.tearDown();
        }
    }

    @Test
    void overloadCallsRunForEveryKind() {
        for (String kind : new String[] {"genServerCall", "breakerCall", "valveCall", "valveQueuedCall"}) {
            for (int inFlight : new int[] {1, 64}) {
                OverloadCallBenchmark b = new OverloadCallBenchmark();
                b.kind = kind;
                b.inFlight = inFlight;
                b.node.lend(node);
                b.setup();
                try {
                    assertEquals("ping", b.calls(200), kind); // fewer than a whole window at the end
                } finally {
                    b.tearDown();
                }
            }
        }
    }

    @Test
    void overloadOverheadRunsForEveryKind() {
        for (String kind : new String[] {"completedStage", "breakerProtect", "valveSubmit", "randomEarlyDropAdmit"}) {
            OverloadOverheadBenchmark b = new OverloadOverheadBenchmark();
            b.kind = kind;
            b.node.lend(node);
            b.setup();
            try {
                for (int i = 0; i < 1_000; i++) {
                    Object r = b.once();
                    Object v = r instanceof java.util.concurrent.CompletionStage<?> s ? s.toCompletableFuture().join() : r;
                    assertEquals(kind.equals("randomEarlyDropAdmit") ? Boolean.TRUE : "x", v, kind);
                }
            } finally {
                b.tearDown();
            }
        }
    }

    @Test
    void scrapeAnswersBoundedWhateverThePopulation() throws Exception {
        ScrapeBenchmark b = new ScrapeBenchmark();
        b.processes = 2_000;
        b.setup(); // its own node: the management server binds once per node
        try {
            assertTrue(b.scrape() > 0);
            assertEquals(b.size.bytes(), b.scrapeOverHttp(), 0.1 * b.size.bytes(), "the route's answer is the same scrape");
            assertTrue(b.size.gzipBytes() < b.size.bytes() && b.size.samples() > 100, b.size.toString());
        } finally {
            b.tearDown();
        }
    }

    @Test
    void kindParametersAreTheDocumentedNames() {
        assertEquals(Kind.PLAIN, Kind.of("plain"));
        assertEquals(Kind.MEDIC_GENSERVER, Kind.of("medicGenServer"));
        assertEquals(Kind.MEDIC_BEHAVIOR, Kind.of("medicBehavior"));
    }
}
