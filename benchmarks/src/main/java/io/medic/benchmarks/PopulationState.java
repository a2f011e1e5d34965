package io.medic.benchmarks;

import com.typesafe.config.Config;
import io.medic.runtime.Node;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The state of the introspection benchmarks: a node and a {@link Population} of processes, built once
 * per trial (or per smoke test, on a lent node) and stopped after it.
 */
abstract class PopulationState {
    final NodeHolder node = new NodeHolder();
    private Population population;

    /** Acquires the node (with {@code overrides} on a node of its own) and spawns the population on it. */
    Node populate(String name, Config overrides, int processes) {
        Node n = node.acquire(name, overrides);
        population = Population.spawn(n, processes, 42);
        return n;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        if (population != null) {
            population.close();
            population = null;
        }
        node.release();
    }
}
