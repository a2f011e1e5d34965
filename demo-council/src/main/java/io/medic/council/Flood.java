package io.medic.council;

import io.medic.introspection.CrashDumps;
import io.medic.runtime.Medic;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The chapter 6 exercise's flood ({@code --flood MEMBER}): holds one council member in a blocking handler
 * ({@link Fault.Block}, 30 s at a time) and floods its mailbox with 64 KiB speeches, about 25 MiB a second,
 * until the node's memory watchdog writes a crash dump ({@code medic.dump.memory-threshold}, 0.7 under
 * {@code --flood}); then it stops, and the member drains its mailbox once its handler returns. What the
 * dump shows: the member at the top by message queue, running a {@code Fault$Block}, and the heap's old
 * generation nearly full. Runs on a daemon thread of its own; it never blocks the node.
 */
final class Flood {
    static final int PAYLOAD_BYTES = 64 * 1024;
    static final long HOLD_MS = 30_000;

    private Flood() {
    }

    /** Starts flooding {@code member} of {@code node}'s council on a daemon thread. */
    static Thread start(Node node, String member) {
        Thread t = new Thread(() -> run(node, member), "council-flood");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void run(Node node, String member) {
        CrashDumps dumps = CrashDumps.of(node);
        Optional<Path> before = newest(dumps.files());
        try {
            while (!node.classicSystem().whenTerminated().isCompleted()) {
                Optional<Pid> pid = node.whereis(member);
                if (pid.isEmpty()) {
                    Thread.sleep(100); // restarting
                    continue;
                }
                Medic.send(pid.get(), new Fault.Block(HOLD_MS));
                long end = System.nanoTime() + HOLD_MS * 1_000_000;
                for (int i = 0; System.nanoTime() < end && pid.get().isAlive(); i++) {
                    for (int k = 0; k < 8; k++) {
                        Medic.send(pid.get(), new Speech.Msg("flood", new byte[PAYLOAD_BYTES]));
                    }
                    Thread.sleep(20);
                    if (i % 25 == 0) {
                        Optional<Path> now = newest(dumps.files());
                        if (now.isPresent() && !now.equals(before)) {
                            System.out.println("council: the memory watchdog wrote " + now.get() + "; the flood of " + member
                                    + " stops. Read it: medic dump analyze " + now.get());
                            return;
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | OutOfMemoryError e) {
            System.out.println("council: the flood of " + member + " stopped: " + e);
        }
    }

    private static Optional<Path> newest(List<Path> files) {
        return files.isEmpty() ? Optional.empty() : Optional.of(files.get(files.size() - 1));
    }
}
