package io.medic.supervision;

/**
 * OTP's {@code auto_shutdown} supervisor flag (OTP 24+): whether a supervisor shuts itself down, with
 * reason {@code shutdown}, when its <em>significant</em> children ({@link ChildSpec#withSignificant})
 * terminate by themselves.
 *
 * <p>Only a significant child's own exit counts: a transient one exiting normally ({@code normal},
 * {@code shutdown} or {@code {shutdown, _}}), a temporary one exiting for any reason. A child the
 * supervisor stops — with {@code terminate_child}, or as a bystander of a one_for_all or rest_for_one
 * restart — never triggers it, and neither does a transient child that crashes (it is restarted).
 */
public enum AutoShutdown {
    /** {@code never}: automatic shutdown is off, and a significant child spec is refused (the default). */
    NEVER,
    /** {@code any_significant}: shut down when any significant child has terminated. */
    ANY_SIGNIFICANT,
    /** {@code all_significant}: shut down when the last significant child still alive has terminated. */
    ALL_SIGNIFICANT
}
