package io.medic.runtime;

/**
 * The process marked itself sensitive ({@code process_flag(sensitive, true)}), so its state and
 * messages are not given out.
 */
public final class SensitiveProcessException extends MedicException {
    private static final long serialVersionUID = 1L;

    public SensitiveProcessException(Pid pid, String what) {
        super("process " + pid + " is sensitive: its " + what + " is not available");
    }

    @Override public String code() { return "sensitive"; }
}
