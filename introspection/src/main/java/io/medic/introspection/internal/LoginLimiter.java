package io.medic.introspection.internal;

import io.medic.runtime.SettingsReader;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * INTERNAL API
 *
 * <p>Failed logins per remote address, and the lock-out that follows too many: once
 * {@code max-failures} logins from one address have failed within {@code window}, that address is refused
 * without any password check for {@code lockout}. Logins whose outcome is not known yet count against
 * the budget too (a {@link Ticket} is taken before the password is checked), so a client cannot run more
 * than {@code max-failures} password checks at once by sending them in parallel. A successful login does
 * not clear earlier failures: an attacker holding one valid account cannot reset its budget for guessing
 * another.
 *
 * <p>An IPv4 address is one key; an IPv6 address is keyed by its /64 prefix, the block one host or
 * subscriber usually holds. An unknown remote address shares one key.
 *
 * <p>Memory is bounded: at most {@code max-addresses} keys are tracked, each with a ring of
 * {@code max-failures} timestamps (about 100 bytes at the default of 10). A key is forgotten once its
 * failures are older than the window, its lock-out has ended and it has no login in progress; a full
 * table is swept at most once a second. While the table is full of live keys, every address that is not
 * in it shares one <em>overflow</em> key: together they get {@code max-failures} per window, so a
 * flood from many addresses locks out the newcomers rather than lifting the limit, while the addresses
 * already tracked keep their own budgets.
 *
 * <p>Time is read from the injected monotonic clock (nanoseconds). Thread-safe.
 */
public final class LoginLimiter {
    /** The key shared by every address beyond {@code max-addresses}. */
    static final String OVERFLOW = "overflow";
    private static final long SWEEP_INTERVAL = Duration.ofSeconds(1).toNanos();

    /**
     * {@code medic.http.auth.rate-limit}.
     *
     * @param maxFailures  failed logins within {@code window} that lock an address out (default 10)
     * @param window       the sliding window failures are counted in (default 1 minute)
     * @param lockout      how long a locked-out address is refused (default 5 minutes)
     * @param maxAddresses addresses tracked at most (default 10000)
     */
    public record Settings(int maxFailures, Duration window, Duration lockout, int maxAddresses) {
        /** Reads {@code auth.rate-limit} with a reader of {@code medic.http}. */
        static Settings read(SettingsReader r) {
            return new Settings(
                    r.integer("auth.rate-limit.max-failures", 1, 1000),
                    r.duration("auth.rate-limit.window", Duration.ofSeconds(1), Duration.ofDays(1)),
                    r.duration("auth.rate-limit.lockout", Duration.ofSeconds(1), Duration.ofDays(1)),
                    r.integer("auth.rate-limit.max-addresses", 1, 1_000_000));
        }
    }

    /** What the limiter says to one login attempt. */
    public sealed interface Decision {
    }

    /** The address is locked out: refuse without checking, and say when to come back. */
    public record LockedOut(String key, Duration retryAfter) implements Decision {
    }

    /**
     * Leave to check one login's password; exactly one of {@link #succeeded()} and {@link #failed()} must
     * follow.
     */
    public final class Ticket implements Decision {
        private final Entry entry;
        private final String key;
        private boolean done;

        private Ticket(Entry entry, String key) {
            this.entry = entry;
            this.key = key;
        }

        /** The key the login counts against: the address, its /64 prefix, or {@value #OVERFLOW}. */
        public String key() {
            return key;
        }

        /** The password was right (or the login ended without a check): the attempt stops counting. */
        public void succeeded() {
            finish(false);
        }

        /** The login failed: one more failure in the window; the outcome says whether it locked the address out. */
        public Failure failed() {
            return finish(true);
        }

        /** Ends the ticket without counting it, if it is still open (a login cut short by an error). */
        public void abandon() {
            synchronized (entry) {
                if (!done) {
                    done = true;
                    entry.inFlight--;
                }
            }
        }

        private Failure finish(boolean failed) {
            synchronized (entry) {
                if (done) {
                    throw new IllegalStateException("login ticket of " + key + " already finished");
                }
                done = true;
                entry.inFlight--;
                if (!failed) {
                    return null;
                }
                long now = clock.getAsLong();
                entry.record(now);
                int failures = entry.failuresSince(now - window);
                boolean lockedNow = failures >= settings.maxFailures() && !entry.lockedAt(now);
                if (lockedNow) {
                    entry.locked = true;
                    entry.lockedUntil = now + lockout;
                }
                return new Failure(key, failures, lockedNow);
            }
        }
    }

    /**
     * One failed login's count.
     *
     * @param key         the address key it counted against
     * @param failures    failures of that key within the window, this one included
     * @param lockedOutNow true when this failure started a lock-out
     */
    public record Failure(String key, int failures, boolean lockedOutNow) {
    }

    private final Settings settings;
    private final LongSupplier clock;
    private final long window;
    private final long lockout;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Entry overflow;
    private volatile long lastSweep;

    /** A limiter reading {@code clock} (monotonic nanoseconds, e.g. {@code System::nanoTime}). */
    public LoginLimiter(Settings settings, LongSupplier clock) {
        this.settings = settings;
        this.clock = clock;
        this.window = settings.window().toNanos();
        this.lockout = settings.lockout().toNanos();
        this.overflow = new Entry(settings.maxFailures());
        this.lastSweep = clock.getAsLong() - SWEEP_INTERVAL;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Asks to check one login from {@code address} (null when unknown): a {@link Ticket} to go on, or
     * {@link LockedOut} when the address is locked out or already has {@code max-failures} failures and
     * logins in progress within the window.
     */
    public Decision acquire(InetAddress address) {
        String key = key(address);
        while (true) {
            Entry entry = entryFor(key);
            String counted = entry == overflow ? OVERFLOW : key;
            synchronized (entry) {
                if (entry.removed) {
                    continue; // swept between the lookup and the lock: take the new entry
                }
                long now = clock.getAsLong();
                if (entry.lockedAt(now)) {
                    return new LockedOut(counted, Duration.ofNanos(entry.lockedUntil - now));
                }
                if (entry.failuresSince(now - window) + entry.inFlight >= settings.maxFailures()) {
                    // the budget is taken by logins still being checked: come back when they are done
                    return new LockedOut(counted, Duration.ofSeconds(1));
                }
                entry.inFlight++;
                return new Ticket(entry, counted);
            }
        }
    }

    /** Keys tracked now, the overflow key not counted (tests, and the bound's documentation). */
    int tracked() {
        return entries.size();
    }

    /** The key of an address: IPv4 as is, IPv6 by its /64 prefix, {@code unknown} for null. */
    static String key(InetAddress address) {
        if (address == null) {
            return "unknown";
        }
        if (address instanceof Inet6Address) {
            byte[] b = Arrays.copyOf(address.getAddress(), 16);
            Arrays.fill(b, 8, 16, (byte) 0);
            try {
                return InetAddress.getByAddress(b).getHostAddress() + "/64";
            } catch (java.net.UnknownHostException e) {
                throw new IllegalStateException("16 bytes are an IPv6 address", e);
            }
        }
        return address.getHostAddress();
    }

    private Entry entryFor(String key) {
        Entry e = entries.get(key);
        if (e != null) {
            return e;
        }
        if (entries.size() >= settings.maxAddresses()) {
            sweep();
            if (entries.size() >= settings.maxAddresses()) {
                return overflow;
            }
        }
        // a race may let the table pass its bound by the number of threads adding at once
        return entries.computeIfAbsent(key, k -> new Entry(settings.maxFailures()));
    }

    /** Forgets the keys with nothing left to remember; at most once per second. */
    private void sweep() {
        long now = clock.getAsLong();
        if (now - lastSweep < SWEEP_INTERVAL) {
            return;
        }
        lastSweep = now;
        for (Iterator<Map.Entry<String, Entry>> it = entries.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Entry> e = it.next();
            Entry entry = e.getValue();
            synchronized (entry) {
                if (entry.idle(now - window, now)) {
                    entry.removed = true;
                    it.remove();
                }
            }
        }
    }

    /** One key's failures (a ring of timestamps), lock-out and logins in progress. Guarded by itself. */
    private static final class Entry {
        private final long[] failures;
        private int next;
        private int count;
        private int inFlight;
        private boolean locked;
        private long lockedUntil;
        private boolean removed;

        Entry(int capacity) {
            this.failures = new long[capacity];
        }

        void record(long now) {
            failures[next] = now;
            next = (next + 1) % failures.length;
            count = Math.min(count + 1, failures.length);
        }

        int failuresSince(long since) {
            int n = 0;
            for (int i = 0; i < count; i++) {
                if (failures[i] - since > 0) {
                    n++;
                }
            }
            return n;
        }

        boolean lockedAt(long now) {
            return locked && lockedUntil - now > 0;
        }

        boolean idle(long since, long now) {
            return inFlight == 0 && !lockedAt(now) && failuresSince(since) == 0;
        }
    }
}
