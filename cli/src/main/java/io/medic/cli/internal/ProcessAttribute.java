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
    REDUCTIONS("reductions", 'r', "REDUCTIONS", Format.COUNT),
    MEMORY_BYTES("memory_bytes", 'm', "MEMORY", Format.BYTES),
    MESSAGE_QUEUE_LEN("message_queue_len", 'l', "MSGQ", Format.COUNT),
    MESSAGES_IN("messages_in", 'i', "MSGS IN", Format.COUNT),
    BUSY_TIME_US("busy_time_us", 'b', "BUSY", Format.MICROS),
    ALLOCATED_BYTES("allocated_bytes", 'a', "ALLOCATED", Format.BYTES),
    RESTARTS("restarts", 's', "RESTARTS", Format.COUNT),
    PORTS("ports", 'o', "PORTS", Format.COUNT);

    /** How a value of an attribute reads. */
    enum Format {
        COUNT, BYTES, MICROS
    }

    private final String wireName;
    private final char key;
    private final String label;
    private final Format format;

    ProcessAttribute(String wireName, char key, String label, Format format) {
        this.wireName = wireName;
        this.key = key;
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

    /** Every wire name, comma-separated. */
    public static String names() {
        return Arrays.stream(values()).map(ProcessAttribute::wireName).collect(Collectors.joining(", "));
    }
}
