package io.medic.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.benchmarks.fixtures.RemoteMessages;
import io.medic.cluster.ClusterRanking;
import io.medic.testing.ExpectLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The cluster benchmarks' setup, a tiny run of their bodies and their teardown, with a few processes:
 * {@code mvn verify} never runs the benchmarks themselves.
 */
@Timeout(90)
@ExpectLog(level = "WARN", logger = "akka.stream.Materializer") // the nodes' links to the ones closed first
class ClusterBenchmarkSmokeTest {

    @Test
    void theClusterTop10MergesEveryNodesAnswer() {
        ClusterTopBenchmark b = new ClusterTopBenchmark();
        b.nodes = 3;
        b.processes = 1_000;
        b.attr = "memory";
        b.setup();
        try {
            ClusterRanking r = b.clusterTop10();
            assertEquals(10, r.processes().size(), r.toString());
            assertEquals(3, r.nodes().size(), r.toString());
            assertTrue(r.badNodes().isEmpty(), r.toString());
            assertEquals(10, b.localTop10().size());
        } finally {
            b.tearDown();
        }
    }

    @Test
    void theRemoteCallAndItsAkkaBaselineRoundTrip() throws Exception {
        RemoteCallBenchmark b = new RemoteCallBenchmark();
        b.setup();
        try {
            assertEquals(new RemoteMessages.Ping(0), b.medicCall());
            assertEquals(new RemoteMessages.Ping(1), b.akkaAsk());
            assertEquals(new RemoteMessages.Ping(2), b.medicCall());
        } finally {
            b.tearDown();
        }
    }
}
