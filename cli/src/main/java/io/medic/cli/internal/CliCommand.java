package io.medic.cli.internal;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * INTERNAL API. The base of every {@code medic} command, at any depth ({@code medic top},
 * {@code medic dump analyze}): its environment, found at the root of the command line. A command that
 * talks to a node extends {@link NodeCommand}; one that does not (reading a dump file) extends this
 * directly. A failure is thrown as a {@link CliException}: the root prints its message on one line and
 * exits with its status.
 */
public abstract class CliCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    /** The root of the command line. */
    protected final CliContext context() {
        return (CliContext) spec.root().userObject();
    }

    protected final Env env() {
        return context().env();
    }

    /** {@code value} of {@code option}: seconds (decimals allowed) from {@code min} to {@code max}. */
    protected static Duration seconds(String option, String value, Duration min, Duration max) {
        try {
            Duration d = Duration.ofMillis(new BigDecimal(value.strip()).movePointRight(3).longValueExact());
            if (d.compareTo(min) >= 0 && d.compareTo(max) <= 0) {
                return d;
            }
        } catch (NumberFormatException | ArithmeticException e) {
            // reported below
        }
        throw new CliException(ExitCode.USAGE, option + ": bad value '" + Text.clean(value) + "', expected seconds from "
                + new BigDecimal(min.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString() + " to "
                + max.toSeconds() + " (e.g. 1, 2.5)");
    }
}
