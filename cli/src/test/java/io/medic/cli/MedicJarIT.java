package io.medic.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.runtime.GenServer;
import io.medic.runtime.SpawnOptions;
import io.medic.testing.CastCounter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * The shaded jar, run as a user runs it ({@code java -jar cli/target/medic-cli.jar}) in a JVM of its own
 * against a live node: it starts, talks to the node, and holds nothing of Akka, Scala or Medic's modules.
 * Runs after {@code package} (failsafe).
 */
class MedicJarIT {
    private static final Path JAR = Path.of("target", "medic-cli.jar");

    /** What one run of the jar printed, and its exit status. */
    private record Run(int exit, String out, String err) {
    }

    @Test
    void theJarHoldsOnlyTheCliPicocliAndJackson() throws IOException {
        assertTrue(Files.isRegularFile(JAR), "mvn package builds " + JAR.toAbsolutePath());
        try (JarFile jar = new JarFile(JAR.toFile())) {
            assertEquals("io.medic.cli.MedicCli", jar.getManifest().getMainAttributes().getValue("Main-Class"));
            List<String> foreign = jar.stream().map(e -> e.getName()).filter(n -> n.endsWith(".class"))
                    .filter(n -> !(n.startsWith("io/medic/cli/") || n.startsWith("picocli/")
                            || n.startsWith("com/fasterxml/jackson/") || n.startsWith("META-INF/versions/")))
                    .toList();
            assertEquals(List.of(), foreign, "classes of another library than picocli and Jackson");
        }
    }

    @Test
    void theJarTalksToALiveNode() throws Exception {
        Run version = run("--version");
        assertEquals(0, version.exit(), version.err());
        assertTrue(version.out().matches("medic \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?\n"), version.out());
        try (TestNode node = TestNode.start("jar")) {
            GenServer.startSync(node.node, new CastCounter(), SpawnOptions.DEFAULT.withName("in-a-jar"), Duration.ofSeconds(10));
            Run top = run("top", "--once", "--url", node.url.toString());
            assertEquals(0, top.exit(), top.err());
            assertTrue(top.out().startsWith("medic top  jar at " + node.url), top.out());
            assertTrue(top.out().contains("in-a-jar"), top.out());
            top.out().lines().forEach(l -> assertTrue(l.length() <= 100, "COLUMNS=100: " + l));

            Run missing = run("info", "nobody", "--url", node.url.toString());
            assertEquals(1, missing.exit());
            assertEquals("medic: 404 noproc: no such process: nobody\n", missing.err());
        }
    }

    /** {@code java -jar medic-cli.jar ARGS} with COLUMNS=100, LINES=30 and no MEDIC_ variables. */
    private static Run run(String... args) throws IOException, InterruptedException, java.util.concurrent.ExecutionException,
            java.util.concurrent.TimeoutException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        ProcessBuilder b = new ProcessBuilder(command);
        b.environment().keySet().removeIf(k -> k.startsWith("MEDIC_"));
        b.environment().put("COLUMNS", "100");
        b.environment().put("LINES", "30");
        Process p = b.start();
        p.getOutputStream().close();
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(p.getErrorStream()));
        String out = read(p.getInputStream());
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the jar exits");
        return new Run(p.exitValue(), out, err.get(60, TimeUnit.SECONDS));
    }

    private static String read(java.io.InputStream in) {
        try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
