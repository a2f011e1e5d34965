package io.medic.cli.internal;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * INTERNAL API. The attributes {@code medic top} ranks processes by: those of
 * {@code GET /medic/processes?sort=} and {@code /medic/processes/window?attr=} (recon's
 * {@code proc_count/2} and {@code proc_window/3}), each with the key that selects it in {@code top} and how
 * its values read.
 */
public enum ProcessAttribute {
    REDUCTIONS("reductions", 'r', "reductions", "REDUCTIONS", Format.COUNT),
    MEMORY_BYTES("memory_bytes", 'm', "memory", "MEMORY", Format.BYTES),
    MESSAGE_QUEUE_LEN("message_queue_len", 'l', "queue", "MSGQ", Format.COUNT),
    MESSAGES_IN("messages_in", 'i', "in", "MSGS IN", Format.COUNT),
    BUSY_TIME_US("busy_time_us", 'b', "busy", "BUSY", Format.MICROS),
    ALLOCATED_BYTES("allocated_bytes", 'a', "alloc", "ALLOCATED", Format.BYTES),
    RESTARTS("restarts", 's', "restarts", "RESTARTS", Format.COUNT),
    PORTS("ports", 'o', "ports", "PORTS", Format.COUNT),
    /** CPU time in handlers (sampled), where busy_time_us counts a blocked handler too. */
    CPU_US("cpu_us", 'c', "cpu", "CPU", Format.MICROS),
    /** Messages its handlers sent: who floods the others. */
    MESSAGES_OUT("messages_out", 'u', "out", "MSGS OUT", Format.COUNT),
    /** How long the handler running now has run: a stuck process tops it. */
    CURRENT_MESSAGE_AGE_MS("current_message_age_ms", 'h', "handler", "IN HANDLER", Format.MILLIS),
    /** How long its oldest waiting message has waited: a stuck or drowning process tops it. */
    OLDEST_MESSAGE_AGE_MS("oldest_message_age_ms", 'g', "oldest", "OLDEST MSG", Format.MILLIS),
    /** Messages its bounded mailbox refused or dropped: the process shedding the most load. */
    DROPPED("dropped", 'd', "dropped", "DROPPED", Format.COUNT);

    /** How a value of an attribute reads. */
    enum Format {
        COUNT, BYTES, MICROS, MILLIS
    }

    private final String wireName;
    private final char key;
    private final String shortName;
    private final String label;
    private final Format format;

    ProcessAttribute(String wireName, char key, String shortName, String label, Format format) {
        this.wireName = wireName;
        this.key = key;
        this.shortName = shortName;
        this.label = label;
        this.format = format;
    }

    /** The name the node knows it by ({@code sort=}, {@code attr=}). */
    public String wireName() {
        return wireName;
    }

    /** The key that selects it in {@code top}. */
    public char key() {
        return key;
    }

    /** Its word on {@code top}'s keys line ({@code l queue}). */
    public String shortName() {
        return shortName;
    }

    /** Its column title. */
    public String label() {
        return label;
    }

    /** A value of this attribute as an operator reads it. */
    public String format(long value) {
        return switch (format) {
            case COUNT -> Units.count(value);
            case BYTES -> Units.bytes(value);
            case MICROS -> Units.micros(value);
            case MILLIS -> Units.millis(value);
        };
    }

    /** The attribute named {@code name}: its wire name, or recon's {@code memory} for {@code memory_bytes}. */
    public static ProcessAttribute parse(String name) {
        String n = name.strip().toLowerCase(Locale.ROOT);
        if (n.equals("memory")) {
            return MEMORY_BYTES;
        }
        for (ProcessAttribute a : values()) {
            if (a.wireName.equals(n)) {
                return a;
            }
        }
        throw new IllegalArgumentException("bad value '" + Text.clean(name) + "', expected one of " + names()
                + " (or recon's memory for memory_bytes)");
    }

    /** The attribute selected by {@code key} in {@code top}, or null. */
    public static ProcessAttribute forKey(int key) {
        for (ProcessAttribute a : values()) {
            if (a.key == key) {
                return a;
            }
        }
        return null;
    }

    /** Every key, space-separated: {@code r m l i ...}. */
    public static String keys() {
        return Arrays.stream(values()).map(a -> String.valueOf(a.key)).collect(Collectors.joining(" "));
    }

    /** Every wire name, comma-separated. */
    public static String names() {
        return Arrays.stream(values()).map(ProcessAttribute::wireName).collect(Collectors.joining(", "));
    }
}
