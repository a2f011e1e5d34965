package io.medic.runtime;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How a process's mailbox takes messages when it cannot keep up: the mailbox policy of a process
 * ({@link SpawnOptions#withMailbox}) or of a supervised child ({@code ChildSpec.withMailbox}). Erlang
 * mailboxes are always unbounded; this is what the PO Box library (pobox) does with a buffer process
 * in front of a consumer, built into the mailbox itself.
 *
 * <ul>
 *   <li>{@link #unbounded()} — the default: every message is kept, as in Erlang;</li>
 *   <li>{@link #bounded(int)} / {@link #bounded(int, Overflow)} — first in, first out, at most
 *       {@code capacity} messages; when full, {@link Overflow#KEEP_OLD} refuses the new message
 *       (pobox's {@code keep_old} buffer, Akka's bounded mailbox) and {@link Overflow#DROP_OLDEST}
 *       drops the oldest to make room (pobox's {@code queue} buffer);</li>
 *   <li>{@link #stack(int)} — newest first, at most {@code capacity}; when full the oldest (the
 *       bottom of the stack, the stalest) is dropped (pobox's {@code stack} buffer, for data of which
 *       only the freshest matters).</li>
 * </ul>
 *
 * <p>Every message refused or dropped is counted ({@code dropped}, {@link ProcessEntry#dropped()}); a
 * call refused or dropped fails at once with {@link OverloadedException} (reason {@code mailbox_full}).
 * Medic's own control messages (sys requests, exit signals, monitor notifications, a GenServer's idle
 * timeout) are never refused nor dropped and do not count against the capacity: see docs/overload.md.
 * Immutable.
 */
public final class MailboxPolicy {
    /** Largest capacity of a bounded mailbox or a stack. */
    public static final int MAX_CAPACITY = 10_000_000;

    /** What a full FIFO mailbox does with one more message. */
    public enum Overflow {
        /** Keep the messages waiting and refuse the new one (pobox's {@code keep_old}). */
        KEEP_OLD,
        /** Drop the oldest message waiting to make room for the new one (pobox's {@code queue}). */
        DROP_OLDEST;

        /** {@code keep_old}, {@code drop_oldest}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The kind of a policy. */
    public enum Kind {
        /** No bound: every message is kept. */
        UNBOUNDED,
        /** First in, first out, with a capacity and an {@link Overflow}. */
        BOUNDED,
        /** Last in, first out, with a capacity; drops the oldest when full. */
        STACK;

        /** {@code unbounded}, {@code bounded}, {@code stack}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final MailboxPolicy UNBOUNDED = new MailboxPolicy(Kind.UNBOUNDED, 0, null);

    private final Kind kind;
    private final int capacity;
    private final Overflow overflow;

    private MailboxPolicy(Kind kind, int capacity, Overflow overflow) {
        this.kind = kind;
        this.capacity = capacity;
        this.overflow = overflow;
    }

    /** Every message is kept: the default, as in Erlang. */
    public static MailboxPolicy unbounded() {
        return UNBOUNDED;
    }

    /** At most {@code capacity} messages, first in first out; when full the new message is refused. */
    public static MailboxPolicy bounded(int capacity) {
        return bounded(capacity, Overflow.KEEP_OLD);
    }

    /**
     * At most {@code capacity} messages, first in first out; when full, {@code overflow} says which
     * message goes.
     *
     * @throws IllegalArgumentException naming the field, e.g. {@code mailbox capacity: expected 1 to
     *     10000000, got 0}
     */
    public static MailboxPolicy bounded(int capacity, Overflow overflow) {
        if (overflow == null) {
            throw new IllegalArgumentException("mailbox overflow: expected KEEP_OLD or DROP_OLDEST, got null");
        }
        return new MailboxPolicy(Kind.BOUNDED, checkCapacity(capacity), overflow);
    }

    /** At most {@code capacity} messages, newest first; when full the oldest is dropped. */
    public static MailboxPolicy stack(int capacity) {
        return new MailboxPolicy(Kind.STACK, checkCapacity(capacity), null);
    }

    private static int checkCapacity(int capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("mailbox capacity: expected 1 to " + MAX_CAPACITY + ", got " + capacity);
        }
        return capacity;
    }

    /**
     * Parses the form {@link #toString()} gives: {@code unbounded}, {@code bounded(100)},
     * {@code bounded(100, keep_old)}, {@code bounded(100, drop_oldest)}, {@code stack(100)}
     * (case-insensitive; spaces ignored).
     *
     * @throws IllegalArgumentException naming the bad value and the accepted forms
     */
    public static MailboxPolicy parse(String text) {
        String expected = "expected unbounded, bounded(N), bounded(N, keep_old), bounded(N, drop_oldest) or stack(N)"
                + " with N from 1 to " + MAX_CAPACITY;
        if (text == null) {
            throw new IllegalArgumentException("mailbox: " + expected + ", got null");
        }
        String t = text.replace(" ", "").toLowerCase(Locale.ROOT);
        try {
            if (t.equals("unbounded")) {
                return UNBOUNDED;
            }
            if (t.startsWith("stack(") && t.endsWith(")")) {
                return stack(Integer.parseInt(t.substring(6, t.length() - 1)));
            }
            if (t.startsWith("bounded(") && t.endsWith(")")) {
                String[] args = t.substring(8, t.length() - 1).split(",", -1);
                int n = Integer.parseInt(args[0]);
                if (args.length == 1) {
                    return bounded(n);
                }
                if (args.length == 2) {
                    for (Overflow o : Overflow.values()) {
                        if (o.wireName().equals(args[1])) {
                            return bounded(n, o);
                        }
                    }
                }
            }
        } catch (NumberFormatException e) {
            // falls through to the error below
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("mailbox: " + expected + ", got " + LogText.quoted(text), e);
        }
        throw new IllegalArgumentException("mailbox: " + expected + ", got " + LogText.quoted(text));
    }

    public Kind kind() {
        return kind;
    }

    /** True for {@link #unbounded()}. */
    public boolean isUnbounded() {
        return kind == Kind.UNBOUNDED;
    }

    /** The capacity of a bounded mailbox or a stack; empty for an unbounded one. */
    public Optional<Integer> capacity() {
        return kind == Kind.UNBOUNDED ? Optional.empty() : Optional.of(capacity);
    }

    /** What a full bounded mailbox does; empty for the other kinds (a stack always drops its oldest). */
    public Optional<Overflow> overflow() {
        return Optional.ofNullable(overflow);
    }

    /** {@code unbounded}, {@code bounded(100, keep_old)}, {@code bounded(100, drop_oldest)}, {@code stack(100)}. */
    @Override
    public String toString() {
        return switch (kind) {
            case UNBOUNDED -> "unbounded";
            case BOUNDED -> "bounded(" + capacity + ", " + overflow.wireName() + ")";
            case STACK -> "stack(" + capacity + ")";
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MailboxPolicy p && p.kind == kind && p.capacity == capacity && p.overflow == overflow;
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, capacity, overflow);
    }
}
