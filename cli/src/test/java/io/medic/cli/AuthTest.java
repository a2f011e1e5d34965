package io.medic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.introspection.HashPassword;
import io.medic.runtime.GenServer;
import io.medic.runtime.SpawnOptions;
import io.medic.testing.CastCounter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node with a user: without credentials every command is refused with a line saying what to set; with
 * {@code --user} (or {@code MEDIC_USER}) and {@code MEDIC_PASSWORD}, or the password typed at the prompt,
 * it works; a wrong password says so; the password is never an option and never printed.
 */
class AuthTest {
    private static final String PASSWORD = "correct horse battery staple";
    private static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start("guarded", "medic.http.auth.users.ops { password-hash = \"" + hash(PASSWORD)
                + "\", roles = [] }\nmedic.http.auth.rate-limit.max-failures = 1000", List.of());
        GenServer.startSync(node.node, new CastCounter(), SpawnOptions.DEFAULT.withName("guarded-counter"), Duration.ofSeconds(10));
    }

    @AfterAll
    static void stop() {
        node.close();
    }


    @Test
    void withoutAUserTheNodeSays401AndTheLineSaysWhatToSet() {
        for (String[] args : List.of(new String[] {"top", "--once"}, new String[] {"info", "guarded-counter"},
                new String[] {"tree"}, new String[] {"ports"})) {
            List<String> all = new ArrayList<>(List.of(args));
            all.add(node.urlOption());
            Cli.withSize(100, 30).run(all.toArray(String[]::new)).assertError(4, "the node at " + node.url
                    + " wants a user (401 unauthorized): pass --user NAME", "MEDIC_PASSWORD");
        }
    }

    @Test
    void aUserWithThePasswordFromTheEnvironmentGetsIn() {
        Cli.Result r = Cli.withSize(100, 30).env("MEDIC_PASSWORD", PASSWORD)
                .run("top", "--once", "--user", "ops", node.urlOption(), "--sort", "message_queue_len").assertOk();
        assertTrue(r.out().contains("top 1 process by message_queue_len"), r.out());
        assertTrue(r.out().contains("guarded-counter"), r.out());
        assertNoPassword(r);

        Cli.Result byVariables = Cli.withSize(100, 30).env("MEDIC_PASSWORD", PASSWORD).env("MEDIC_USER", "ops")
                .env("MEDIC_URL", node.url.toString()).run("info", "guarded-counter").assertOk();
        assertTrue(byVariables.out().contains("  registered_name  guarded-counter"), byVariables.out());
        assertNoPassword(byVariables);
    }

    @Test
    void withoutMedicPasswordThePasswordIsAskedForWithoutEcho() {
        List<String> asked = new ArrayList<>();
        Cli.Result r = Cli.withSize(100, 30).prompt(prompt -> {
            asked.add(prompt);
            return PASSWORD.toCharArray();
        }).run("tree", "-u", "ops", node.urlOption()).assertOk();
        assertEquals(List.of("Password of ops at " + node.url + ": "), asked);
        assertNoPassword(r);

        Cli.withSize(100, 30).run("tree", "-u", "ops", node.urlOption())
                .assertError(4, "no password for user 'ops': set MEDIC_PASSWORD (there is no terminal to ask on)");
    }

    @Test
    void aWrongPasswordIsRefusedAndSaysWhichUser() {
        Cli.Result r = Cli.withSize(100, 30).env("MEDIC_PASSWORD", "not-" + PASSWORD).run("info", "guarded-counter", "--user",
                "ops", node.urlOption()).assertError(4, "refused user 'ops' with that password (401 unauthorized): check --user and "
                + "MEDIC_PASSWORD");
        assertNoPassword(r);
    }

    @Test
    void thereIsNoPasswordOption() {
        Cli.Result r = Cli.withSize(100, 30).run("top", "--once", "--user", "ops", "--password", PASSWORD, node.urlOption());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().startsWith("medic: unknown option '--password'; 1 unexpected argument (not shown)"), r.err());
        assertNoPassword(r);
    }

    private static void assertNoPassword(Cli.Result r) {
        assertFalse(r.out().contains(PASSWORD) || r.err().contains(PASSWORD), "the password is never printed");
    }

    /** The password-hash line of Medic's own command, {@code HashPassword}, fed the password on standard input. */
    private static String hash(String password) {
        InputStream in = System.in;
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try {
            System.setIn(new ByteArrayInputStream((password + "\n").getBytes(StandardCharsets.UTF_8)));
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            HashPassword.main(new String[] {"--iterations", "10000"});
        } finally {
            System.setIn(in);
            System.setOut(out);
        }
        return printed.toString(StandardCharsets.UTF_8).strip();
    }
}
