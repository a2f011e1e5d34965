package io.medic.introspection;

import io.medic.introspection.internal.Dumps;
import io.medic.runtime.Node;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A node's crash dumps: Erlang's {@code erl_crash.dump}, as one bounded JSON file of the whole node — why it
 * was written (the slogan), its statistics and memory by pool, every process with its info attributes (the
 * largest with their state), the supervision tree and the node's recent supervisor events, its ports, its
 * recent crash reports, a thread dump and the JVM's identity. A node writes one by itself when it stops
 * abnormally ({@link Node#halt}, a permanent application's death, a fatal error) and when a heap pool is
 * nearly full after a garbage collection (the memory watchdog, {@code medic.dump.memory-threshold}); this
 * class writes one on demand ({@code erlang:halt/1}'s dump without the halt; {@code POST /medic/dump} over
 * HTTP). Read one with {@code medic dump analyze FILE}. The format and the settings ({@code medic.dump}):
 * docs/crash-dumps.md. Thread-safe.
 *
 * <pre>{@code
 * Path file = CrashDumps.of(node).write("before the upgrade");   // stops nothing
 * }</pre>
 */
public final class CrashDumps {
    private final Dumps dumps;

    private CrashDumps(Dumps dumps) {
        this.dumps = dumps;
    }

    /** The dumps of {@code node}. Cheap. */
    public static CrashDumps of(Node node) {
        return new CrashDumps(Dumps.get(Objects.requireNonNull(node, "node")));
    }

    /**
     * Writes a dump now, on the calling thread, with {@code slogan} as the reason it gives, and returns its
     * file; stops nothing. One dump at a time per node (a second call waits for the first). Cost: a few
     * passes over the process table, one status request to each of the {@code medic.dump.states} largest
     * processes (at most {@code medic.dump.state-timeout}), the supervision tree (at most
     * {@code medic.dump.supervision-timeout}), a thread dump; a file of at most about
     * {@code medic.dump.max-bytes}.
     *
     * @throws UncheckedIOException if the dump could not be written (the node's log says why)
     */
    public Path write(String slogan) {
        Objects.requireNonNull(slogan, "slogan");
        Dumps.Written w = dumps.write("demand", slogan);
        if (w == null) {
            throw new UncheckedIOException(new IOException("the crash dump of node " + dumps.node().name()
                    + " could not be written to " + dumps.settings.dir().toAbsolutePath() + "; see the log " + Dumps.LOGGER));
        }
        return w.file();
    }

    /** The directory dumps are written to ({@code medic.dump.dir}). */
    public Path directory() {
        return dumps.settings.dir();
    }

    /**
     * This node's dumps in {@link #directory()}, oldest first (at most {@code medic.dump.keep}: older ones
     * are deleted as new ones are written).
     *
     * @throws UncheckedIOException if the directory cannot be read
     */
    public List<Path> files() {
        try {
            return dumps.files();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
