package io.medic.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.introspection.internal.PasswordHash;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The documented hashing command: the password comes from stdin (or the console), never an argument. */
class HashPasswordTest {

    @Test
    void hashesTheFirstLineOfStandardInput() {
        Run r = run("s3cret p\u00e4ss\r\nsecond line ignored\n", "--iterations", "10000");
        assertEquals(0, r.status, r.err);
        String line = r.out.strip();
        assertTrue(line.startsWith("pbkdf2-sha256:10000:"), line);
        PasswordHash h = PasswordHash.parse(line);
        assertTrue(h.matches("s3cret p\u00e4ss".toCharArray()), "CRLF is not part of the password");
        assertFalse(h.matches("s3cret p\u00e4ss\r".toCharArray()));
    }

    @Test
    void thePasswordIsNeverTakenFromTheCommandLine() {
        Run r = run("", "hunter2");
        assertEquals(2, r.status);
        assertTrue(r.err.contains("never from the command line"), r.err);
        assertFalse(r.err.contains("hunter2") || r.out.contains("hunter2"), "the argument is not echoed: " + r.err);
        assertEquals(1, run("\n").status, "an empty password is refused");
        Run few = run("pw\n", "--iterations", "5");
        assertEquals(2, few.status);
        assertTrue(few.err.contains("iterations: bad value 5"), few.err);
        Run missing = run("pw\n", "--iterations");
        assertEquals(2, missing.status);
        assertTrue(missing.err.startsWith("--iterations: missing value"), missing.err);
    }

    /** The command as a user runs it: a JVM whose class path is Medic introspection's classes alone. */
    @Test
    void runsWithTheIntrospectionClassesAloneOnTheClassPath() throws Exception {
        Path classes = Path.of(HashPassword.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "-cp", classes.toString(),
                "io.medic.introspection.HashPassword", "--iterations", "10000"))
                .redirectError(ProcessBuilder.Redirect.PIPE).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write("from a pipe\n".getBytes(StandardCharsets.UTF_8));
        }
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the command did not finish");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), err);
        assertTrue(PasswordHash.parse(out).matches("from a pipe".toCharArray()), out);
    }

    private record Run(int status, String out, String err) {
    }

    private static Run run(String stdin, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = HashPassword.run(args, null, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
