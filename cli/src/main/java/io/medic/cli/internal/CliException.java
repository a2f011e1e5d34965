package io.medic.cli.internal;

/**
 * INTERNAL API. A failure a command reports as one line on standard error, with the exit status that
 * says which kind it was ({@link ExitCode}). Its message is written for the operator: what went wrong,
 * with the value at fault, and what to do about it. Never a stack trace.
 */
public final class CliException extends RuntimeException {
    private final int exitCode;
    private final String code;

    public CliException(int exitCode, String message) {
        this(exitCode, null, message);
    }

    /** A failure the node reported with its error code ({@code noproc}, {@code busy}...). */
    public CliException(int exitCode, String code, String message) {
        super(message, null, false, false);
        this.exitCode = exitCode;
        this.code = code;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The node's error code ({@code "error"} of its JSON answer), or null when the node did not answer one. */
    public String code() {
        return code;
    }

    /** The CliException inside a failed stage's exception, or a NODE_ERROR one describing it. */
    public static CliException of(Throwable t) {
        Throwable cause = t;
        while ((cause instanceof java.util.concurrent.CompletionException
                || cause instanceof java.util.concurrent.ExecutionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof CliException e) {
            return e;
        }
        return new CliException(ExitCode.NODE_ERROR, "unexpected failure: " + Text.clean(String.valueOf(cause)));
    }
}
