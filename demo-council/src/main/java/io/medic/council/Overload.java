package io.medic.council;

import io.medic.runtime.GenServer;
import io.medic.runtime.LogText;
import io.medic.runtime.MailboxPolicy;
import io.medic.runtime.Node;
import io.medic.runtime.OverloadedException;
import io.medic.runtime.Pid;
import io.medic.runtime.overload.QueueTimeoutException;
import io.medic.runtime.overload.Valve;
import io.medic.runtime.overload.ValveSettings;
import io.medic.runtime.overload.Valves;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The chapter 3 scenario ({@code --overload}): every member wants an audience with the first member
 * (Alfa), which takes {@link #AUDIENCE_TIME} to grant one and {@link #SPEECH_TIME} to read a speech,
 * and every speech sent as a message goes to it. The council speaks about 12 times a second: Alfa
 * cannot keep up.
 *
 * <ul>
 *   <li>{@link Mode#DROWNING}: nothing sheds load. Alfa's mailbox grows without bound and every
 *       audience waits behind it, until the callers' {@link #CALL_TIMEOUT} fails them all;</li>
 *   <li>{@link Mode#SHEDDING}: Alfa's mailbox is {@code bounded(}{@link #MAILBOX}{@code , drop_oldest)}
 *       (its child spec's policy) and the audiences go through a valve ({@code audience}: one at a time,
 *       {@link #VALVE_QUEUE} more waiting for at most {@link #VALVE_WAIT}). Drops and refusals are
 *       counted, and an audience granted is granted quickly.</li>
 * </ul>
 *
 * Every {@link #REPORT_EVERY} the demo logs what the audiences met ({@link Stats}). docs/council.md,
 * "Overload".
 */
public final class Overload {
    /** Time Alfa takes to grant one audience (it blocks its thread: a slow dependency). */
    static final Duration AUDIENCE_TIME = Duration.ofMillis(150);
    /** Time Alfa takes to read one speech. */
    static final Duration SPEECH_TIME = Duration.ofMillis(100);
    /** How long a member waits for an audience. */
    static final Duration CALL_TIMEOUT = Duration.ofSeconds(5);
    /** Alfa's mailbox when shedding. */
    static final int MAILBOX = 20;
    /** The valve in front of Alfa when shedding: one audience at a time, this many more waiting... */
    static final int VALVE_QUEUE = 5;
    /** ...for at most this long. */
    static final Duration VALVE_WAIT = Duration.ofSeconds(1);
    /** The valve's name. */
    static final String VALVE = "audience";
    /** How often the demo logs the audiences' outcomes. */
    static final Duration REPORT_EVERY = Duration.ofSeconds(5);

    /** {@code --overload}. */
    public enum Mode {
        /** The council as recon_demo has it. */
        NONE,
        /** Alfa overloaded, nothing shedding load. */
        DROWNING,
        /** Alfa overloaded, behind a bounded mailbox and a valve. */
        SHEDDING;

        static Mode parse(String option, String value) {
            for (Mode m : values()) {
                if (m.name().equalsIgnoreCase(value.trim())) {
                    return m;
                }
            }
            throw new IllegalArgumentException(option + ": bad value '" + value + "', expected none, drowning or shedding");
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** An audience asked of Alfa (a call). */
    record Audience(String from) {
    }

    private Overload() {
    }

    /** The mailbox policy of the overloaded member's child spec. */
    static MailboxPolicy mailbox(Mode mode) {
        return mode == Mode.SHEDDING ? MailboxPolicy.bounded(MAILBOX, MailboxPolicy.Overflow.DROP_OLDEST)
                : MailboxPolicy.unbounded();
    }

    /** Made by Alfa in its init when shedding: owned by it, made afresh when it restarts. */
    static void createValve(Node node, Pid alfa) {
        Valves.of(node).create(ValveSettings.of(VALVE, 1, VALVE_QUEUE, VALVE_WAIT), alfa);
    }

    /** Blocks the calling thread for {@code d}: Alfa's slow work. */
    static void work(Duration d) {
        long end = System.nanoTime() + d.toNanos();
        long left;
        while ((left = end - System.nanoTime()) > 0) {
            LockSupport.parkNanos(left);
        }
    }

    /** A member asks Alfa for an audience, directly or through the valve; the outcome goes to {@code stats}. */
    static void askAudience(Node node, Pid alfa, String from, Mode mode, Stats stats) {
        long start = System.nanoTime();
        CompletionStage<Object> answer;
        if (mode == Mode.SHEDDING) {
            Valve valve = Valves.of(node).get(VALVE).orElse(null);
            if (valve == null) {
                stats.refused.increment(); // Alfa is restarting: no valve, no audience
                return;
            }
            answer = valve.callAsync(alfa, new Audience(from), CALL_TIMEOUT);
        } else {
            answer = GenServer.callAsync(alfa, new Audience(from), CALL_TIMEOUT);
        }
        answer.whenComplete((reply, error) -> stats.record(System.nanoTime() - start, error));
    }

    /** What the audiences met, since the last report. Thread-safe. */
    static final class Stats {
        final LongAdder answered = new LongAdder();
        final LongAdder refused = new LongAdder();
        final LongAdder timedOut = new LongAdder();
        final LongAdder waitedOut = new LongAdder();
        final LongAdder failed = new LongAdder();
        final AtomicLong slowestNanos = new AtomicLong();

        void record(long nanos, Throwable error) {
            Throwable e = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (e == null) {
                answered.increment();
                slowestNanos.accumulateAndGet(nanos, Math::max);
            } else if (e instanceof OverloadedException) {
                refused.increment();
            } else if (e instanceof QueueTimeoutException) {
                waitedOut.increment(); // waited its valve's maxQueueTime without a slot: never sent
            } else if (e instanceof TimeoutException || e instanceof io.medic.runtime.MedicException m
                    && m.code().equals("timeout")) {
                timedOut.increment();
            } else {
                failed.increment();
            }
        }

        /** The report of the last period (and a new period starts). */
        String report(Node node, String alfa) {
            long a = answered.sumThenReset();
            long slowest = slowestNanos.getAndSet(0) / 1_000_000;
            String queue = node.whereis(alfa).map(Pid::entry)
                    .map(e -> "message_queue_len " + e.messageQueueLen() + ", dropped " + e.dropped() + " in all")
                    .orElse("not running");
            return "audiences with " + alfa + " in the last " + REPORT_EVERY.toSeconds() + " s: " + a + " answered"
                    + (a > 0 ? " (the slowest in " + slowest + " ms)" : "") + ", " + refused.sumThenReset()
                    + " refused at once (overloaded), " + waitedOut.sumThenReset() + " refused after waiting "
                    + VALVE_WAIT.toMillis() + " ms in the valve, " + timedOut.sumThenReset() + " timed out, " + failed.sumThenReset()
                    + " failed otherwise; " + LogText.escaped(alfa) + ": " + queue;
        }
    }
}
