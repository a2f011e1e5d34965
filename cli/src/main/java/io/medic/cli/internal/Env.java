package io.medic.cli.internal;

import java.io.Console;
import java.io.PrintStream;
import java.util.Map;
import java.util.Optional;

/**
 * INTERNAL API. Everything a command touches outside itself: environment variables, standard output and
 * error, the terminal, and the password prompt. {@link #system()} is the process's own; tests give one
 * with a fixed terminal size, their own variables (a password) and captured output.
 *
 * @param variables environment variables ({@code MEDIC_URL}, {@code MEDIC_USER}, {@code MEDIC_PASSWORD},
 *                  {@code COLUMNS}, {@code LINES})
 * @param out       standard output
 * @param err       standard error
 * @param terminal  the terminal
 * @param prompt    asks for a password without echo
 */
public record Env(Map<String, String> variables, PrintStream out, PrintStream err, Terminal terminal,
                  PasswordPrompt prompt) {

    /** Reads a password from the operator, without echo. */
    @FunctionalInterface
    public interface PasswordPrompt {
        /** The password typed after {@code prompt}, or null when there is no console to ask on. */
        char[] read(String prompt);
    }

    public Env {
        variables = Map.copyOf(variables);
    }

    /** This process's environment, streams, terminal and console. */
    public static Env system() {
        return new Env(System.getenv(), System.out, System.err, new SttyTerminal(), prompt -> {
            Console console = System.console();
            return console == null ? null : console.readPassword("%s", prompt);
        });
    }

    /** The variable {@code name}, if it is set and not blank. */
    public Optional<String> variable(String name) {
        String v = variables.get(name);
        return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
    }
}
