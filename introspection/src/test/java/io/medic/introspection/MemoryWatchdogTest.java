package io.medic.introspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory watchdog in a JVM of its own with a 64 MiB heap ({@link MemoryHog}): a process keeps
 * everything it is given until the old generation, right after a collection, is past
 * {@code medic.dump.memory-threshold} (0.5 here); the watchdog writes a dump before the heap runs out,
 * with the pool in its slogan and the hog at the top of its memory list.
 */
@Timeout(150)
class MemoryWatchdogTest {
    @TempDir
    Path dir;

    @Test
    void theWatchdogDumpsBeforeTheHeapRunsOut() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = dir.resolve("child.log");
        Path dumps = Files.createDirectory(dir.resolve("dumps"));
        Process child = new ProcessBuilder(List.of(java, "-Xmx64m", "-XX:+UseG1GC",
                "-cp", System.getProperty("java.class.path"), MemoryHog.class.getName(), dumps.toString()))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean ended = child.waitFor(110, TimeUnit.SECONDS);
        if (!ended) {
            child.destroyForcibly();
        }
        String output = Files.readString(log);
        assertTrue(ended, "the child ended; its output:\n" + output);
        assertEquals(0, child.exitValue(), "the dump came before the heap ran out; the child's output:\n" + output);
        assertTrue(output.contains("DUMP medic-dump-hog-"), output);

        Path file;
        try (Stream<Path> s = Files.list(dumps)) {
            file = s.filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
        }
        JsonNode d = CrashDumpTest.read(file);
        assertEquals("memory", d.path("trigger").asText());
        assertTrue(d.path("slogan").asText().startsWith("memory watchdog: heap pool 'G1 Old Gen' at "), d.path("slogan").asText());
        assertTrue(d.path("complete").asBoolean());
        assertEquals("hog", d.path("process_summary").path("top_by_memory_bytes").get(0).path("registered_name").asText(),
                d.path("process_summary").toString());
        assertTrue(d.path("jvm").path("arguments").toString().contains("-Xmx64m"), d.path("jvm").toString());
    }
}
