package io.medic.runtime.overload;

/**
 * The state of a {@link Breaker}: the three states of Akka's {@code CircuitBreaker} (and of Erlang's
 * circuit breakers: fuse's {@code ok} / {@code blown}, circuit_breaker's closed / open).
 */
public enum BreakerState {
    /** Calls go through; consecutive failures are counted, and {@code maxFailures} of them open the breaker. */
    CLOSED("closed"),
    /** Calls fail at once with {@link io.medic.runtime.OverloadedException} until the reset timeout has passed. */
    OPEN("open"),
    /** One trial call goes through; its success closes the breaker, its failure opens it again. Others fail at once. */
    HALF_OPEN("half_open");

    private final String wireName;

    BreakerState(String wireName) {
        this.wireName = wireName;
    }

    /** The name in JSON, logs and error reasons: {@code closed}, {@code open}, {@code half_open}. */
    public String wireName() {
        return wireName;
    }
}
