package io.medic.introspection.internal;

import akka.actor.AbstractExtensionId;
import akka.actor.ExtendedActorSystem;
import akka.actor.Extension;
import io.medic.runtime.LogText;
import io.medic.runtime.Node;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * INTERNAL API
 *
 * <p>A node's crash dumps (an Akka extension, one per node, attached when the node is created through
 * {@code medic.node-services.dump}): the settings, the one-dump-at-a-time lock, the file names and their
 * rotation, the three ways a dump is written — the node's last words when it stops abnormally
 * ({@link Node#onAbnormalStop}), the memory watchdog ({@link MemoryWatchdog}), and on demand (Java, and
 * HTTP with its rate limit) — and the log line each dump leaves ({@code io.medic.dump}). Thread-safe.
 */
public final class Dumps implements Extension {
    /** The logger every dump written (or failed) is reported on. */
    public static final String LOGGER = "io.medic.dump";
    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    /** File names sort by time: {@code medic-dump-<node>-<yyyyMMdd'T'HHmmss.SSS'Z'>.json}. */
    private static final DateTimeFormatter FILE_TIME = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss.SSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final String PREFIX = "medic-dump-";
    private static final String SUFFIX = ".json";

    private static final Id ID = new Id();

    private static final class Id extends AbstractExtensionId<Dumps> {
        @Override
        public Dumps createExtension(ExtendedActorSystem system) {
            return new Dumps(Node.get(system));
        }
    }

    /** A dump over HTTP came too soon after the last one. */
    public static final class TooSoon extends RuntimeException {
        private static final long serialVersionUID = 1L;
        public final long retryAfterSeconds;

        TooSoon(String message, long retryAfterSeconds) {
            super(message, null, false, false);
            this.retryAfterSeconds = retryAfterSeconds;
        }
    }

    /** What one dump wrote. */
    public record Written(Path file, long bytes, int processes, int processesWritten, String trigger, String slogan) {
    }

    private final Node node;
    public final DumpSettings settings;
    private final Object writing = new Object();
    /** Guarded by {@code this}: when the last HTTP dump was asked for (nanoTime), or 0. */
    private long lastHttpNanos;
    private volatile ExecutorService background;
    /** Guarded by {@link #writing}: the time in the last file name. */
    private Instant lastFileTime;
    private final MemoryWatchdog watchdog;

    private Dumps(Node node) {
        this.node = node;
        this.settings = DumpSettings.fromConfig(node.classicSystem().settings().config());
        if (settings.onAbnormalStop()) {
            node.onAbnormalStop(this::lastWords);
        }
        this.watchdog = settings.memoryThreshold() > 0 ? MemoryWatchdog.start(this, settings.memoryThreshold()) : null;
        try {
            node.classicSystem().registerOnTermination(this::terminated);
        } catch (RuntimeException e) {
            terminated(); // the node is already terminating: nothing to watch
        }
    }

    /** Attaches the dumps to {@code node}: {@code medic.node-services.dump} names this method. */
    public static void attach(Node node) {
        get(node);
    }

    public static Dumps get(Node node) {
        return ID.get(node.classicSystem());
    }

    public Node node() {
        return node;
    }

    // ------------------------------------------------------------------ the three ways

    /** The node's last words: a dump on the thread that stops it, before any process stops. */
    private void lastWords(Node.AbnormalStop why) {
        write(why.cause(), why.slogan());
    }

    /** The memory watchdog's dump, on a thread of its own (the JMX notification thread is not held). */
    void memoryCrossed(String slogan) {
        executor().execute(() -> write("memory", slogan));
    }

    /**
     * A dump asked for over HTTP: refused with {@link TooSoon} within {@code medic.dump.http-min-interval}
     * of the last one asked for over HTTP; otherwise written on a thread of its own.
     */
    public java.util.concurrent.CompletionStage<Written> requested(String who) {
        synchronized (this) {
            long now = System.nanoTime();
            long min = settings.httpMinInterval().toNanos();
            if (lastHttpNanos != 0 && now - lastHttpNanos < min) {
                long left = min - (now - lastHttpNanos);
                throw new TooSoon("a dump was written less than " + settings.httpMinInterval().toSeconds()
                        + " s ago (medic.dump.http-min-interval): retry in " + Math.max(1, left / 1_000_000_000L) + " s",
                        Math.max(1, (left + 999_999_999L) / 1_000_000_000L));
            }
            lastHttpNanos = now;
        }
        return java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            Written w = write("demand", "dump requested over HTTP by " + who);
            if (w == null) {
                throw new IllegalStateException("the dump could not be written; see the log " + LOGGER);
            }
            return w;
        }, executor());
    }

    /**
     * Writes a dump now, on the calling thread (one at a time per node: a second waits for the first),
     * rotates the node's old dumps, logs where it went; null if it failed (logged, never thrown: a dump
     * is written on paths that must go on).
     */
    public Written write(String trigger, String slogan) {
        synchronized (writing) {
            Instant at = Instant.now();
            if (lastFileTime != null && !at.isAfter(lastFileTime)) {
                at = lastFileTime.plusMillis(1); // names stay unique and in order within a millisecond
            }
            lastFileTime = at;
            Path file = settings.dir().resolve(PREFIX + safe(node.name()) + "-" + FILE_TIME.format(at) + SUFFIX);
            try {
                DumpWriter.Result r = new DumpWriter(Introspection.get(node), settings).write(file, trigger, slogan);
                rotate();
                String line = "crash dump of node {} written to {} ({} bytes, {} of {} processes): {} - {}";
                Object[] args = {node.name(), r.file().toAbsolutePath(), r.bytes(), r.processesWritten(), r.processes(),
                        trigger, LogText.escaped(slogan)};
                if ("demand".equals(trigger)) {
                    LOG.info(line, args);
                } else {
                    LOG.warn(line, args);
                }
                return new Written(r.file(), r.bytes(), r.processes(), r.processesWritten(), trigger, slogan);
            } catch (IOException | RuntimeException e) {
                LOG.error("crash dump of node {} could not be written to {}: {} ({} - {})", node.name(), file.toAbsolutePath(),
                        LogText.escaped(e.toString()), trigger, LogText.escaped(slogan));
                return null;
            }
        }
    }

    /** The node's dumps in the directory, oldest first. */
    public List<Path> files() throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(settings.dir())) {
            return out;
        }
        String prefix = PREFIX + safe(node.name()) + "-";
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(settings.dir(), prefix + "*" + SUFFIX)) {
            for (Path p : dir) {
                String rest = p.getFileName().toString().substring(prefix.length());
                if (!rest.isEmpty() && Character.isDigit(rest.charAt(0))) { // not another node's "a-b" name
                    out.add(p);
                }
            }
        }
        out.sort(null);
        return out;
    }

    /** Keeps the newest {@code medic.dump.keep} of this node's dumps. */
    private void rotate() throws IOException {
        List<Path> all = files();
        for (int i = 0; i < all.size() - settings.keep(); i++) {
            Files.deleteIfExists(all.get(i));
        }
    }

    /** A node name as a file name's part: letters, digits, '-', '_' and '.', the rest '_'. */
    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private ExecutorService executor() {
        ExecutorService e = background;
        if (e == null) {
            synchronized (this) {
                if (background == null) {
                    background = Executors.newSingleThreadExecutor(r -> {
                        Thread t = new Thread(r, "medic-dump-" + node.name());
                        t.setDaemon(true);
                        return t;
                    });
                }
                e = background;
            }
        }
        return e;
    }

    private void terminated() {
        if (watchdog != null) {
            watchdog.stop();
        }
        ExecutorService e = background;
        if (e != null) {
            e.shutdown();
        }
    }
}
