package io.medic.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/** The state every single-shot benchmark shares: a node for the trial, a collected heap before each shot. */
abstract class SingleShotState {
    final NodeHolder node = new NodeHolder();

    /**
     * Starts every shot with an empty young generation (2 GB, more than one shot allocates), so no
     * collection falls inside a shot: a young collection in the middle of a shot copies whatever is
     * still queued or alive, and which shots it hits depends on the allocation of the shots before, so
     * it made single shots vary by a factor of 2-3 and turned the comparison into one of GC timing.
     * Allocation per message is reported separately ({@code -prof gc}).
     */
    @Setup(Level.Iteration)
    public void collect() {
        System.gc();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        node.release();
    }
}
