package io.medic.cli.internal;

/**
 * INTERNAL API. The exit statuses of {@code medic}, documented in docs/cli.md: a script can tell a node
 * that answered with an error from one it could not reach, and both from a command line it got wrong.
 */
public final class ExitCode {
    /** The command did what was asked. */
    public static final int OK = 0;
    /** The node answered with an error ({@code {"error": ..., "message": ...}}): no such process, a timeout... */
    public static final int NODE_ERROR = 1;
    /** The command line is wrong: an unknown option, a bad value (picocli's usage status). */
    public static final int USAGE = 2;
    /** The node could not be reached: connection refused, TLS handshake failed, no answer in time. */
    public static final int UNREACHABLE = 3;
    /** The node wants credentials, or refused the ones given (401, or a login lock-out). */
    public static final int AUTH = 4;
    /** A file given to read ({@code medic dump analyze FILE}) is missing, unreadable, not a dump, or cut short. */
    public static final int BAD_FILE = 5;
    /**
     * The node is not in a cluster ({@code medic nodes}, {@code top --cluster}, {@code --node}): its
     * {@code /medic/cluster} routes answer {@code 404 not_clustered}, or it has no cluster module.
     */
    public static final int NOT_CLUSTERED = 6;

    private ExitCode() {
    }
}
