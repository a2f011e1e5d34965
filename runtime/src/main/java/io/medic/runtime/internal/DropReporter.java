package io.medic.runtime.internal;

import io.medic.runtime.LogText;
import io.medic.runtime.SettingsReader;
import java.time.Duration;
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
 * WARN line per process per {@code medic.overload.drop-report-interval} (1 s) on the
 * {@code io.medic.overload} logger, naming the process, how many it dropped since its last line, its
 * policy and its total. A queue that drops signals the reporter once per report (its first unreported
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

    /** Writes one line per queue with drops since its last line. */
    private void flush() {
        armed.set(false); // a drop from now on arms the next round
        PolicyMessageQueue q;
        while ((q = pending.poll()) != null) {
            long n = q.takeUnreported();
            if (n > 0) {
                report(q, n);
            }
        }
    }

    private void report(PolicyMessageQueue q, long n) {
        ProcessRecord p = q.owner();
        String who = p == null ? "a process" : p.pid() + p.registeredName().map(name -> " (" + LogText.escaped(name) + ")").orElse("");
        log.warn("process {} dropped {} messages in the last {} ms: its mailbox {} was full ({} dropped in all)",
                who, n, intervalMillis, q.policy(), q.dropped());
        monitorEvent(q, n);
    }

    /**
     * The one call site of the monitor event for dropped messages (pobox's {@code dropped N messages}
     * as an event). The node's monitor (io.medic.runtime.monitor, its event bus) is not on this
     * branch: when it lands, publish here.
     */
    private void monitorEvent(PolicyMessageQueue q, long n) {
        // the log line above is the report until the monitor's event bus exists
    }
}
