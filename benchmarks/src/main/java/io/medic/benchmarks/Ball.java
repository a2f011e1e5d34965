package io.medic.benchmarks;

/** The trivial message of every throughput benchmark: a constant, so no benchmark allocates one. */
public enum Ball {
    BALL
}
