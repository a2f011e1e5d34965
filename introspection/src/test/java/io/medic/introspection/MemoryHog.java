package io.medic.introspection;

import com.typesafe.config.ConfigFactory;
import io.medic.runtime.From;
import io.medic.runtime.GenServer;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The child JVM of {@link MemoryWatchdogTest}: a node whose process "hog" keeps every block it is given,
 * fed until the memory watchdog writes its dump (then it prints the file and exits 0) — or until the heap
 * runs out (exit 3). Past 85% of the old generation without a dump it stops feeding and waits a minute for
 * one (exit 4 without): the test is whether the watchdog fires before the heap is full, not whether a
 * dump outruns a leak on a loaded machine. Run with a small heap and G1: {@code java -Xmx64m -cp ... io.medic.introspection.MemoryHog DIR}.
 */
public final class MemoryHog {
    private MemoryHog() {
    }

    /** Keeps every byte array it is called with. */
    static final class Hog extends GenServer<List<byte[]>> {
        @Override
        protected Init<List<byte[]>> init() {
            return ok(new ArrayList<>());
        }

        @Override
        protected Result<List<byte[]>> handleCall(Object request, From from, List<byte[]> blocks) {
            blocks.add((byte[]) request);
            return reply(blocks.size(), blocks);
        }
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Node node = Node.start("hog", ConfigFactory.parseString(String.join("\n",
                "medic.dump.dir = \"" + dir.toString().replace("\\", "/") + "\"",
                "medic.dump.memory-threshold = 0.5",
                "medic.memory.refresh-interval = 10ms")));
        Pid hog = GenServer.startSync(node, new Hog(), SpawnOptions.DEFAULT.withName("hog"), Duration.ofSeconds(10));
        java.lang.management.MemoryPoolMXBean old = java.lang.management.ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getName().equals("G1 Old Gen")).findFirst().orElseThrow();
        long pauseAt = (long) (old.getUsage().getMax() * 0.85);
        long deadline = 0;
        try {
            for (int i = 0; ; i++) {
                if (deadline == 0) {
                    GenServer.call(hog, new byte[32 * 1024], Duration.ofSeconds(10));
                }
                if (i % 4 == 0) {
                    Thread.sleep(20); // a leak of at most about 6 MiB a second
                    try (Stream<Path> files = Files.list(dir)) {
                        Path dump = files.filter(p -> p.getFileName().toString().endsWith(".json")).findFirst().orElse(null);
                        if (dump != null) {
                            System.out.println("DUMP " + dump.getFileName() + " after " + i + " blocks");
                            System.out.flush();
                            Runtime.getRuntime().halt(0);
                        }
                    }
                    // well past the threshold (0.5) with no dump yet: stop leaking, so that a slow machine shows
                    // whether the watchdog fired at all rather than which of the leak and the dump was faster
                    if (deadline == 0 && old.getCollectionUsage().getUsed() > pauseAt) {
                        deadline = System.nanoTime() + 60_000_000_000L;
                        System.out.println("leak paused at " + old.getCollectionUsage().getUsed() + " bytes of old gen");
                    }
                    if (deadline != 0 && System.nanoTime() > deadline) {
                        System.out.println("no dump within 60 s of the pause");
                        System.out.flush();
                        Runtime.getRuntime().halt(4);
                    }
                }
            }
        } catch (OutOfMemoryError e) {
            System.out.println("OOM before any dump");
            System.out.flush();
            Runtime.getRuntime().halt(3);
        }
    }
}
