package io.medic.runtime.internal;

import io.medic.runtime.LogText;
import io.medic.runtime.SettingsReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.concurrent.duration.FiniteDuration;

/**
 * INTERNAL API
 *
 * <p>Reports the messages bounded mailboxes drop, as pobox's {@code dropped N messages}: at most one
 * report per process per {@code medic.overload.drop-report-interval} (1 s), naming the process, how many
 * it dropped since its last report, its policy and its total — a {@code dropped_messages} event of the
 * node's system monitor, and one WARN line (the monitor's, or this reporter's on {@code io.medic.overload}
 * when the monitor does not log events). A queue that drops signals the reporter once per report (its first unreported
 * drop); one timer per node, armed only while some drop waits to be reported, writes the lines. Never
 * on the path of a send beyond one lock-free offer.
 */
public final class DropReporter {
    /** The logger of the lines (and of the breakers' and valves' warnings). */
    public static final String LOGGER = "io.medic.overload";

    private final NodeServices node;
    private final Logger log = LoggerFactory.getLogger(LOGGER);
    private final FiniteDuration interval;
    private final long intervalMillis;
    private final ConcurrentLinkedQueue<PolicyMessageQueue> pending = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean armed = new AtomicBoolean();
    /** Drops on the node since it started, dead processes' included. */
    private final LongAdder total = new LongAdder();

    private DropReporter(NodeServices node) {
        this.node = node;
        SettingsReader r = new SettingsReader(node.system.settings().config(), "medic.overload");
        Duration d = r.duration("drop-report-interval", Duration.ofMillis(10), Duration.ofHours(1));
        r.throwIfInvalid("Medic overload configuration");
        this.intervalMillis = d.toMillis();
        this.interval = FiniteDuration.create(intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** The node's reporter, made on first use. */
    static DropReporter of(NodeServices node) {
        return (DropReporter) node.attachments.computeIfAbsent(DropReporter.class, k -> new DropReporter(node));
    }

    /** One more message dropped by a bounded mailbox of the node: any thread, on the drop's path only. */
    void counted() {
        total.increment();
    }

    /** Drops on the node since it started. */
    long total() {
        return total.sum();
    }

    /** {@code q} has drops to report (its first since its last report): any thread. */
    void pending(PolicyMessageQueue q) {
        pending.offer(q);
        if (armed.compareAndSet(false, true)) {
            node.system.scheduler().scheduleOnce(interval, this::flush, node.system.dispatcher());
        }
    }

    /**
     * Reports each queue with drops since its last report, once: a queue that drops again while this
     * runs is offered again (its first drop after the report); that offer is kept for the next round,
     * which it armed, so that a process gets at most one report per interval.
     */
    private void flush() {
        armed.set(false); // a drop from now on arms the next round
        Set<PolicyMessageQueue> reported = Collections.newSetFromMap(new IdentityHashMap<>());
        List<PolicyMessageQueue> again = new ArrayList<>();
        PolicyMessageQueue q;
        while ((q = pending.poll()) != null) {
            if (!reported.add(q)) {
                again.add(q); // dropped again since its report just now: next round
                continue;
            }
            PolicyMessageQueue.Unreported u = q.takeUnreported();
            if (u.dropped() > 0) {
                report(q, u);
            }
        }
        for (PolicyMessageQueue a : again) {
            pending(a);
        }
    }

    /**
     * One report: a {@code dropped_messages} event of the node's system monitor (its ring, its bus, its
     * subscribers, and its WARN line on {@code io.medic.monitor} when the monitor logs events), and this
     * reporter's own line on {@code io.medic.overload} when the monitor does not log them, so that the
     * drops are always in the log, once.
     */
    private void report(PolicyMessageQueue q, PolicyMessageQueue.Unreported u) {
        ProcessRecord p = q.owner();
        if (p != null) {
            node.monitor.droppedMessages(p, u.dropped(), intervalMillis, u.total(), q.policy().toString());
            if (node.monitor.logsEvents()) {
                return;
            }
        }
        String who = p == null ? "a process" : p.pid() + p.registeredName().map(name -> " (" + LogText.escaped(name) + ")").orElse("");
        log.warn("process {} dropped {} messages in the last {} ms: its mailbox {} was full ({} dropped in all)",
                who, u.dropped(), intervalMillis, q.policy(), u.total());
    }
}
