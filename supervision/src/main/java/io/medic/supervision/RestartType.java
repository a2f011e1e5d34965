package io.medic.supervision;

/** When a terminated child is restarted: OTP's {@code restart} child spec field. */
public enum RestartType {
    /** Always restarted. */
    PERMANENT,
    /** Restarted only after an abnormal exit (not normal, shutdown or {shutdown, Info}). */
    TRANSIENT,
    /** Never restarted; its spec is removed when it terminates. */
    TEMPORARY
}
