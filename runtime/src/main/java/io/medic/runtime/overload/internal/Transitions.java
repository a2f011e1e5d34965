package io.medic.runtime.overload.internal;

import io.medic.runtime.overload.BreakerEvent;
import io.medic.runtime.overload.BreakerState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * INTERNAL API
 *
 * <p>Turns Akka's {@code CircuitBreaker} state-entry notifications into a legal sequence of
 * {@link BreakerEvent}s. Akka swaps its state with a compare-and-set and then runs the listeners of the
 * state it entered, on the thread that made the transition; two transitions made on different threads
 * (the scheduler's reset to half-open, and the completion of the trial call that closes the breaker)
 * can therefore be notified out of order. This class keeps the state last published: a notification
 * that does not follow it legally stands for transitions whose own notifications are still on their
 * way, so it publishes the shortest legal path to the new state and remembers the intermediate
 * notifications it owes itself, which it swallows when they arrive.
 *
 * <p>Legal transitions: closed → open, open → half_open, half_open → closed, half_open → open.
 * Thread-safe; {@code publish} is called under this object's lock, in order.
 */
public final class Transitions {
    private static final Map<BreakerState, List<BreakerState>> NEXT = new EnumMap<>(Map.of(
            BreakerState.CLOSED, List.of(BreakerState.OPEN),
            BreakerState.OPEN, List.of(BreakerState.HALF_OPEN),
            BreakerState.HALF_OPEN, List.of(BreakerState.CLOSED, BreakerState.OPEN)));

    private final String breaker;
    private final Consumer<BreakerEvent> publish;
    private final Supplier<Instant> clock;
    private final int[] owed = new int[BreakerState.values().length];
    private BreakerState published = BreakerState.CLOSED;
    private Instant since;
    private long opened;

    /**
     * @param breaker the breaker's name, put in every event
     * @param publish receives each event, under this object's lock, in order; must not block
     * @param clock   the time of an event
     */
    public Transitions(String breaker, Consumer<BreakerEvent> publish, Supplier<Instant> clock) {
        this.breaker = breaker;
        this.publish = publish;
        this.clock = clock;
        this.since = clock.get();
    }

    /** Akka notified that the breaker entered {@code to}. */
    public synchronized void entered(BreakerState to) {
        if (owed[to.ordinal()] > 0) {
            owed[to.ordinal()]--;
            return;
        }
        List<BreakerState> path = path(published, to);
        Instant at = clock.get();
        for (int i = 0; i < path.size(); i++) {
            BreakerState next = path.get(i);
            if (i < path.size() - 1) {
                owed[next.ordinal()]++;
            }
            BreakerEvent e = event(published, next, at);
            published = next;
            since = at;
            if (next == BreakerState.OPEN) {
                opened++;
            }
            publish.accept(e);
        }
    }

    /** When the last transition was published (or the breaker was made, if none was). */
    public synchronized Instant since() {
        return since;
    }

    /** How many times the breaker has opened. */
    public synchronized long opened() {
        return opened;
    }

    /** The shortest sequence of legal transitions that leads from {@code from} to {@code to}, at least one step. */
    static List<BreakerState> path(BreakerState from, BreakerState to) {
        List<List<BreakerState>> frontier = new ArrayList<>();
        frontier.add(List.of());
        for (int depth = 0; depth < 4; depth++) {
            List<List<BreakerState>> next = new ArrayList<>();
            for (List<BreakerState> p : frontier) {
                BreakerState last = p.isEmpty() ? from : p.get(p.size() - 1);
                for (BreakerState s : NEXT.get(last)) {
                    List<BreakerState> longer = new ArrayList<>(p);
                    longer.add(s);
                    if (s == to) {
                        return longer;
                    }
                    next.add(longer);
                }
            }
            frontier = next;
        }
        throw new IllegalStateException("no transition path from " + from + " to " + to);
    }

    private BreakerEvent event(BreakerState from, BreakerState to, Instant at) {
        return switch (to) {
            case OPEN -> new BreakerEvent.Opened(breaker, from, at);
            case HALF_OPEN -> new BreakerEvent.HalfOpened(breaker, from, at);
            case CLOSED -> new BreakerEvent.Closed(breaker, from, at);
        };
    }
}
