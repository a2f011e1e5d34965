package io.medic.introspection;

import io.medic.introspection.internal.PasswordHash;
import java.io.ByteArrayOutputStream;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Prints the {@code password-hash} of a user of {@code medic.http.auth}: a salted PBKDF2-HMAC-SHA256 hash
 * ({@code pbkdf2-sha256:<iterations>:<salt>:<hash>}, 600,000 iterations unless {@code --iterations N}).
 * The password is read from the console without echo (typed twice), or from standard input when there
 * is no console (the first line), never from the command line, where {@code ps} and the shell's history
 * would see it. Needs only the JDK and this class's jar:
 *
 * <pre>{@code
 * java -cp medic-introspection-0.1.0-SNAPSHOT.jar io.medic.introspection.HashPassword
 * java -cp medic-demo-council.jar io.medic.introspection.HashPassword < password.txt
 * }</pre>
 *
 * <p>No Erlang/OTP counterpart: Erlang distribution authenticates nodes with a shared cookie; this is
 * for Medic's HTTP surface (docs/introspection.md, "Security").
 */
public final class HashPassword {
    private static final String USAGE = "usage: java -cp <medic-introspection or medic-demo-council jar> "
            + "io.medic.introspection.HashPassword [--iterations N]\n"
            + "  reads the password from the console (twice, without echo) or, without a console, the first line "
            + "of standard input;\n  prints the line to put in medic.http.auth.users.<name>.password-hash";

    private HashPassword() {
    }

    /** Runs the command; exits with 0 on success, 2 on a usage error, 1 when no password was read. */
    public static void main(String[] args) {
        int status = run(args, System.console(), System.in, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** The command, its console and streams given (tests pass no console). */
    static int run(String[] args, Console console, InputStream in, PrintStream out, PrintStream err) {
        int iterations = PasswordHash.DEFAULT_ITERATIONS;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--iterations")) {
                if (i + 1 == args.length) {
                    err.println("--iterations: missing value, expected an integer\n" + USAGE);
                    return 2;
                }
                try {
                    iterations = Integer.parseInt(args[++i]);
                } catch (NumberFormatException e) {
                    err.println("--iterations: bad value '" + args[i] + "', expected an integer");
                    return 2;
                }
            } else if (args[i].equals("--help") || args[i].equals("-h")) {
                out.println(USAGE);
                return 0;
            } else {
                err.println("unexpected argument #" + (i + 1) + " (not shown): the password is read from the console "
                        + "or standard input, never from the command line\n" + USAGE);
                return 2;
            }
        }
        char[] password = null;
        try {
            password = console != null ? fromConsole(console, err) : firstLine(in);
            if (password == null) {
                return 1;
            }
            if (password.length == 0) {
                err.println("empty password: nothing to hash");
                return 1;
            }
            out.println(PasswordHash.hash(password, iterations));
            return 0;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        } catch (IOException e) {
            err.println("cannot read the password from standard input: " + e.getMessage());
            return 1;
        } finally {
            if (password != null) {
                Arrays.fill(password, '\0');
            }
        }
    }

    private static char[] fromConsole(Console console, PrintStream err) {
        char[] first = console.readPassword("Password: ");
        char[] second = first == null ? null : console.readPassword("Again: ");
        if (first == null || second == null) {
            err.println("no password read");
            return null;
        }
        boolean same = Arrays.equals(first, second);
        Arrays.fill(second, '\0');
        if (!same) {
            Arrays.fill(first, '\0');
            err.println("the two passwords differ");
            return null;
        }
        return first;
    }

    /** The first line of {@code in} (UTF-8), without its line end. */
    private static char[] firstLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b != -1 && b != '\n'; b = in.read()) {
            line.write(b);
        }
        byte[] bytes = line.toByteArray();
        int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        CharBuffer chars = StandardCharsets.UTF_8.decode(java.nio.ByteBuffer.wrap(bytes, 0, end));
        Arrays.fill(bytes, (byte) 0);
        char[] password = new char[chars.remaining()];
        chars.get(password);
        return password;
    }
}
