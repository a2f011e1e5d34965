package io.medic.runtime.overload;

import java.time.Instant;

/**
 * A snapshot of a {@link Breaker}: its state and counters ({@code fuse:ask/2}'s answer plus the call
 * counts of Akka's {@code CircuitBreaker} listeners). Each counter is exact on its own; read together
 * they may be a few calls apart while calls complete. Every call is counted once, when its outcome is
 * known and before its caller sees it: {@code calls = succeeded + failed + timedOut + rejected + inFlight}.
 *
 * @param name         the breaker's name
 * @param state        closed, open or half-open, as Akka's breaker has it now
 * @param failureCount consecutive failures counted while closed (Akka's failure count; reset by a success
 *                     or by closing); it stays at {@code maxFailures} while the breaker is open
 * @param calls        calls made through the breaker
 * @param succeeded    calls that completed and did not count as failures
 * @param failed       calls that failed (an exception, or a result the caller's predicate called a failure)
 * @param timedOut     calls that failed with a timeout: the breaker's call timeout, or a Medic call's own
 * @param rejected     calls refused at once, without being run, because the breaker was open or half-open
 * @param inFlight     calls let through whose outcome is not known yet
 * @param opened       times the breaker has opened
 * @param since        when the breaker entered its current state (or was made)
 */
public record BreakerStats(String name, BreakerState state, int failureCount, long calls, long succeeded,
                           long failed, long timedOut, long rejected, long inFlight, long opened, Instant since) {
}
