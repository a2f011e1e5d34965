package io.medic.runtime.trace;

import io.medic.runtime.MedicException;

/**
 * A trace spec the node refuses to run because it could hurt the node: recon_trace's
 * {@code dangerous_combo}, refused by name. {@link #rule()} is one of:
 *
 * <ul>
 *   <li>{@value #WIDE_UNFILTERED}: {@code all}, {@code new}, {@code existing} or a glob, without a message
 *       filter — every message of every process it matches (recon refuses {@code {'_', '_', '_'}});</li>
 *   <li>{@value #LIMIT_ABOVE_CAP}: a count, a rate or a time to live above the node's caps
 *       ({@code medic.trace.max-count}, {@code max-rate}, {@code max-ttl});</li>
 *   <li>{@value #MEDIC_PROCESS}: one of Medic's own processes named explicitly (a supervisor: its
 *       messages are Medic's protocol; see {@code docs/tracing.md});</li>
 *   <li>{@value #STATE_ON_WIDE}: {@code state} events with a wide or class spec — the state of every
 *       process it matches rendered after every message.</li>
 * </ul>
 */
public final class TraceRefusedException extends MedicException {
    private static final long serialVersionUID = 1L;

    public static final String WIDE_UNFILTERED = "wide_unfiltered";
    public static final String LIMIT_ABOVE_CAP = "limit_above_cap";
    public static final String MEDIC_PROCESS = "medic_process";
    public static final String STATE_ON_WIDE = "state_on_wide";

    private final String rule;

    public TraceRefusedException(String rule, String message) {
        super("dangerous_combo " + rule + ": " + message);
        this.rule = rule;
    }

    /** The rule the spec breaks. */
    public String rule() {
        return rule;
    }

    @Override
    public String code() {
        return "dangerous_combo";
    }
}
