package io.medic.runtime;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The numeric process attributes that can rank processes, as in {@code recon:proc_count/2} and
 * {@code recon:proc_window/3}. Each reads one field of a {@link ProcessEntry} without messaging the
 * process.
 */
public enum ProcessAttribute {
    /** Messages waiting. */
    MESSAGE_QUEUE_LEN {
        @Override public long read(ProcessEntry e) { return e.messageQueueLen(); }
    },
    /** Medic's unit of work: messages handled + CPU microseconds in handlers. */
    REDUCTIONS {
        @Override public long read(ProcessEntry e) { return e.reductions(); }
    },
    /** Estimated retained bytes. */
    MEMORY {
        @Override public long read(ProcessEntry e) { return e.memory(); }
    },
    /** Messages ever enqueued. */
    MESSAGES_IN {
        @Override public long read(ProcessEntry e) { return e.messagesIn(); }
    },
    /** Microseconds in handlers, wall time (blocked and sleeping included). */
    BUSY_TIME_US {
        @Override public long read(ProcessEntry e) { return e.busyTimeMicros(); }
    },
    /** CPU microseconds in handlers (sampled; blocked and sleeping excluded). */
    CPU_US {
        @Override public long read(ProcessEntry e) { return e.cpuMicros(); }
    },
    /** Messages its handlers sent. */
    MESSAGES_OUT {
        @Override public long read(ProcessEntry e) { return e.messagesOut(); }
    },
    /** How long the handler running now has run, in ms (0 when waiting): a stuck process tops it. */
    CURRENT_MESSAGE_AGE_MS {
        @Override public long read(ProcessEntry e) { return e.currentMessageAgeMillis(); }
    },
    /** How long the oldest waiting message has waited, in ms: a stuck or drowning process tops it. */
    OLDEST_MESSAGE_AGE_MS {
        @Override public long read(ProcessEntry e) { return e.oldestMessageAgeMillis(); }
    },
    /** Bytes allocated by handlers. */
    ALLOCATED_BYTES {
        @Override public long read(ProcessEntry e) { return e.allocatedBytes(); }
    },
    /** Restarts of this child by its supervisor. */
    RESTARTS {
        @Override public long read(ProcessEntry e) { return e.restarts(); }
    },
    /** Ports it owns (sockets, listeners, files): a process leaking sockets tops it. */
    PORTS {
        @Override public long read(ProcessEntry e) { return e.ports(); }
    },
    /** Messages its bounded mailbox refused or dropped: the process shedding the most load tops it. */
    DROPPED {
        @Override public long read(ProcessEntry e) { return e.dropped(); }
    };

    /** Reads this attribute from a live entry. */
    public abstract long read(ProcessEntry entry);

    /** The wire name: {@code message_queue_len}, {@code reductions} ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire name (case-insensitive); empty if it names no attribute. */
    public static Optional<ProcessAttribute> parse(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String n = name.trim().toUpperCase(Locale.ROOT);
        for (ProcessAttribute a : values()) {
            if (a.name().equals(n)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** The accepted wire names, comma separated, for error messages. */
    public static String wireNames() {
        return Arrays.stream(values()).map(ProcessAttribute::wireName).collect(Collectors.joining(", "));
    }
}
