package io.medic.introspection.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The login limiter's window, lock-out and bound, on a fake clock. */
class LoginLimiterTest {
    private final AtomicLong now = new AtomicLong(Long.MAX_VALUE - Duration.ofMinutes(1).toNanos()); // the clock wraps during the tests, as nanoTime may
    private static final InetAddress A = address("192.0.2.1");
    private static final InetAddress B = address("192.0.2.2");

    private LoginLimiter limiter(int maxFailures, int maxAddresses) {
        return new LoginLimiter(new LoginLimiter.Settings(maxFailures, Duration.ofMinutes(1), Duration.ofMinutes(5),
                maxAddresses), now::get);
    }

    private void advance(Duration d) {
        now.addAndGet(d.toNanos());
    }

    private static LoginLimiter.Failure fail(LoginLimiter l, InetAddress a) {
        return assertInstanceOf(LoginLimiter.Ticket.class, l.acquire(a)).failed();
    }

    @Test
    void nFailuresWithinTheWindowLockTheAddressOutForTheLockout() {
        LoginLimiter l = limiter(3, 100);
        assertEquals(new LoginLimiter.Failure("192.0.2.1", 1, false), fail(l, A));
        assertEquals(new LoginLimiter.Failure("192.0.2.1", 2, false), fail(l, A));
        assertEquals(new LoginLimiter.Failure("192.0.2.1", 3, true), fail(l, A));
        LoginLimiter.LockedOut out = assertInstanceOf(LoginLimiter.LockedOut.class, l.acquire(A));
        assertEquals(Duration.ofMinutes(5), out.retryAfter());
        assertInstanceOf(LoginLimiter.Ticket.class, l.acquire(B), "another address has its own budget");

        advance(Duration.ofMinutes(4));
        assertEquals(Duration.ofMinutes(1), assertInstanceOf(LoginLimiter.LockedOut.class, l.acquire(A)).retryAfter());
        advance(Duration.ofMinutes(1));
        LoginLimiter.Ticket t = assertInstanceOf(LoginLimiter.Ticket.class, l.acquire(A), "the lock-out is over");
        t.succeeded();
    }

    @Test
    void theWindowSlides() {
        LoginLimiter l = limiter(3, 100);
        fail(l, A);
        advance(Duration.ofSeconds(40));
        fail(l, A);
        advance(Duration.ofSeconds(21)); // the first failure is now 61 s old
        assertEquals(2, fail(l, A).failures(), "only failures within the last minute count");
        advance(Duration.ofSeconds(10));
        assertTrue(fail(l, A).lockedOutNow(), "three within one minute");
    }

    @Test
    void aSuccessDoesNotClearFailures() {
        LoginLimiter l = limiter(2, 100);
        fail(l, A);
        ((LoginLimiter.Ticket) l.acquire(A)).succeeded();
        assertTrue(fail(l, A).lockedOutNow());
    }

    @Test
    void loginsBeingCheckedCountAgainstTheBudget() {
        LoginLimiter l = limiter(3, 100);
        fail(l, A);
        LoginLimiter.Ticket t1 = (LoginLimiter.Ticket) l.acquire(A);
        LoginLimiter.Ticket t2 = (LoginLimiter.Ticket) l.acquire(A);
        LoginLimiter.LockedOut busy = assertInstanceOf(LoginLimiter.LockedOut.class, l.acquire(A),
                "one failure and two checks in flight fill a budget of three");
        assertEquals(Duration.ofSeconds(1), busy.retryAfter());
        t1.succeeded();
        assertInstanceOf(LoginLimiter.Ticket.class, l.acquire(A)).succeeded();
        assertEquals(2, t2.failed().failures());
        assertThrows(IllegalStateException.class, t2::succeeded, "a ticket finishes once");
        t2.abandon(); // after its end: nothing
        LoginLimiter.Ticket t3 = (LoginLimiter.Ticket) l.acquire(A);
        t3.abandon();
        t3.abandon();
        assertEquals(3, fail(l, A).failures(), "an abandoned ticket frees its place once and counts nothing");
    }

    @Test
    void beyondMaxAddressesNewcomersShareOneBudgetAndIdleOnesAreForgotten() {
        LoginLimiter l = limiter(2, 3);
        List<InetAddress> tracked = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            tracked.add(address("198.51.100." + i));
            fail(l, tracked.get(i - 1));
        }
        assertEquals(3, l.tracked());
        LoginLimiter.Failure f = fail(l, address("203.0.113.1"));
        assertEquals(LoginLimiter.OVERFLOW, f.key());
        assertTrue(fail(l, address("203.0.113.2")).lockedOutNow(), "two newcomers share one budget of two");
        assertInstanceOf(LoginLimiter.LockedOut.class, l.acquire(address("203.0.113.3")));
        assertEquals(LoginLimiter.OVERFLOW, ((LoginLimiter.LockedOut) l.acquire(address("203.0.113.4"))).key());
        assertInstanceOf(LoginLimiter.Ticket.class, l.acquire(tracked.get(0)),
                "the tracked addresses keep their own budgets").succeeded();
        assertEquals(3, l.tracked(), "the table stays bounded");

        advance(Duration.ofMinutes(2)); // every tracked failure is out of the window
        LoginLimiter.Failure again = fail(l, address("203.0.113.5"));
        assertEquals("203.0.113.5", again.key(), "a full table of idle addresses is swept for a newcomer");
        assertEquals(1, l.tracked());
    }

    @Test
    void ipv6CountsByItsSlash64() {
        LoginLimiter l = limiter(2, 100);
        fail(l, address("2001:db8:1:2::1"));
        LoginLimiter.Failure f = fail(l, address("2001:db8:1:2:ffff:ffff:ffff:ffff"));
        assertEquals("2001:db8:1:2:0:0:0:0/64", f.key());
        assertTrue(f.lockedOutNow(), "two hosts of one /64 are one key");
        assertInstanceOf(LoginLimiter.Ticket.class, l.acquire(address("2001:db8:1:3::1"))).succeeded();
        assertEquals("unknown", LoginLimiter.key(null));
        assertFalse(LoginLimiter.key(A).contains("/"));
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (java.net.UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
