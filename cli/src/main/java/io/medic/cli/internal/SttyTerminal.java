package io.medic.cli.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;

/**
 * INTERNAL API. The process's own terminal, driven with {@code stty} through {@code /bin/sh} on the
 * controlling terminal ({@code /dev/tty}): no native library and no terminal library. Raw mode is
 * {@code -icanon -echo} (keys one by one, not echoed) with signals left on, so Ctrl-C still reaches the
 * JVM, whose shutdown hooks restore the mode saved by {@code stty -g}. Where there is no {@code stty}
 * (Windows), {@link #startKeys} says so and {@code medic top} refreshes without keys.
 */
public final class SttyTerminal implements Terminal {
    /** What {@code stty -g} prints: colon-separated settings. Anything else is never passed to a shell. */
    private static final Pattern SAVED_MODE = Pattern.compile("[0-9A-Za-z:=-]+");
    private static final long STTY_TIMEOUT_SECONDS = 5;

    private final Object lock = new Object();
    private String savedMode;

    @Override
    public boolean interactive() {
        return System.console() != null; // Java 17: both standard input and standard output are a terminal
    }

    @Override
    public Optional<Size> size() {
        String out = stty("size");
        if (out == null) {
            return Optional.empty();
        }
        String[] rowsCols = out.trim().split("\\s+");
        try {
            int rows = Integer.parseInt(rowsCols[0]);
            int columns = Integer.parseInt(rowsCols[1]);
            return rows > 0 && columns > 0 ? Optional.of(new Size(columns, rows)) : Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean startKeys(IntConsumer keys) {
        synchronized (lock) {
            String saved = stty("-g");
            if (saved == null || !SAVED_MODE.matcher(saved.trim()).matches()) {
                return false;
            }
            if (stty("-icanon -echo min 1 time 0") == null) {
                return false;
            }
            savedMode = saved.trim();
        }
        Thread reader = new Thread(() -> readKeys(System.in, keys), "medic-keys");
        reader.setDaemon(true); // blocked in read() when top quits: it must not keep the JVM alive
        reader.start();
        return true;
    }

    @Override
    public void restore() {
        synchronized (lock) {
            if (savedMode != null) {
                stty(savedMode);
                savedMode = null;
            }
        }
    }

    private static void readKeys(InputStream in, IntConsumer keys) {
        try {
            for (int b = in.read(); b != -1; b = in.read()) {
                keys.accept(b);
            }
        } catch (IOException e) {
            // standard input closed: no more keys
        }
    }

    /** Runs {@code stty ARGS < /dev/tty}; its output, or null if it failed. */
    private static String stty(String args) {
        try {
            Process p = new ProcessBuilder(List.of("/bin/sh", "-c", "stty " + args + " < /dev/tty"))
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(STTY_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return null;
            }
            return p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
