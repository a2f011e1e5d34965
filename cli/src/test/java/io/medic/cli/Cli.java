package io.medic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.cli.internal.Env;
import io.medic.cli.internal.Terminal;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;

/**
 * Runs {@code medic} in this JVM as a user would from a shell — same argument parsing, same exit
 * status — with a given environment: variables (a fixed COLUMNS and LINES, a password), a terminal
 * (none, unless a test gives its own) and a password prompt, and its output captured.
 */
final class Cli {
    private static final Pattern ANSI = Pattern.compile("\033\\[[0-9;?]*[A-Za-z]");

    /** What one run printed, and its exit status. */
    record Result(int exit, String out, String err) {
        List<String> lines() {
            return out.isEmpty() ? List.of() : Arrays.asList(out.split("\n", -1));
        }

        /** The frames of {@code top}'s plain output: each from its title line, without the empty line after it. */
        List<List<String>> frames() {
            List<List<String>> frames = new ArrayList<>();
            for (String line : out.split("\n")) {
                if (line.startsWith("medic top  ")) {
                    frames.add(new ArrayList<>());
                }
                if (!frames.isEmpty()) {
                    frames.get(frames.size() - 1).add(line);
                }
            }
            frames.forEach(f -> {
                while (!f.isEmpty() && f.get(f.size() - 1).isEmpty()) {
                    f.remove(f.size() - 1);
                }
            });
            return frames;
        }

        Result assertOk() {
            assertEquals(0, exit, "exit status; stderr: " + err + "\nstdout: " + out);
            return this;
        }

        /** Checks the exit status and that stderr is one line (after the "medic: " prefix) containing each of {@code parts}. */
        Result assertError(int status, String... parts) {
            assertEquals(status, exit, "exit status; stderr: " + err + "\nstdout: " + out);
            String first = err.lines().findFirst().orElse("");
            assertTrue(first.startsWith("medic: "), "one line starting with 'medic: ': " + err);
            for (String p : parts) {
                assertTrue(first.contains(p), "the error line says '" + p + "': " + first);
            }
            assertTrue(!err.contains("\tat ") && !err.contains("Exception"), "no stack trace, no exception class: " + err);
            return this;
        }
    }

    /** A terminal that is not one (output to a file or a pipe): no keys, no size. */
    static final Terminal NONE = new Terminal() {
        @Override
        public boolean interactive() {
            return false;
        }

        @Override
        public Optional<Size> size() {
            return Optional.empty();
        }

        @Override
        public boolean startKeys(IntConsumer keys) {
            return false;
        }

        @Override
        public void restore() {
        }
    };

    private final Map<String, String> variables = new HashMap<>();
    private Terminal terminal = NONE;
    private Env.PasswordPrompt prompt = p -> null;
    private OutputStream outSink;

    static Cli withSize(int columns, int lines) {
        Cli c = new Cli();
        c.variables.put("COLUMNS", Integer.toString(columns));
        c.variables.put("LINES", Integer.toString(lines));
        return c;
    }

    Cli env(String name, String value) {
        variables.put(name, value);
        return this;
    }

    Cli terminal(Terminal t) {
        terminal = t;
        return this;
    }

    Cli prompt(Env.PasswordPrompt p) {
        prompt = p;
        return this;
    }

    /** Also copies standard output to {@code sink} as it is written (a scripted terminal watches it). */
    Cli watch(OutputStream sink) {
        outSink = sink;
        return this;
    }

    Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        OutputStream target = outSink == null ? out : new Tee(out, outSink);
        Env env = new Env(variables, new PrintStream(target, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), terminal, prompt);
        int exit = MedicCli.execute(env, args);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** {@code s} without ANSI escape sequences. */
    static String plain(String s) {
        return ANSI.matcher(s).replaceAll("");
    }

    /** The frames drawn on a full screen: each begins with the cursor sent home (ESC [ H). */
    static List<List<String>> screens(String out) {
        List<List<String>> frames = new ArrayList<>();
        String[] parts = out.split("\033\\[H", -1);
        for (int i = 1; i < parts.length; i++) {
            frames.add(Arrays.asList(plain(parts[i]).split("\r\n", -1)));
        }
        return frames;
    }

    private static final class Tee extends OutputStream {
        private final OutputStream a;
        private final OutputStream b;

        Tee(OutputStream a, OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }

        @Override
        public void flush() throws java.io.IOException {
            a.flush();
            b.flush();
        }
    }
}
