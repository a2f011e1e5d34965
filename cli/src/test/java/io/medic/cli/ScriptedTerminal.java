package io.medic.cli;

import io.medic.cli.internal.Terminal;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;

/**
 * A terminal for {@code medic top}'s full screen, driven by a script: it watches what is drawn (as the
 * sink of standard output) and, each time a frame is flushed, runs the next step whose pattern one of the
 * frame's lines matches — pressing a key, say. So a test presses keys in answer to what is on the screen,
 * as an operator does, and never waits for time to pass.
 */
final class ScriptedTerminal extends OutputStream implements Terminal {
    /** When a line of the frame on screen matches {@code line}, do {@code action}. */
    record Step(Pattern line, Runnable action) {
    }

    private final Size size;
    private final List<Step> steps = new ArrayList<>();
    private final ByteArrayOutputStream drawn = new ByteArrayOutputStream();
    private final AtomicInteger restored = new AtomicInteger();
    private volatile IntConsumer keys;
    private int next;

    ScriptedTerminal(Size size) {
        this.size = size;
    }

    /** Adds a step: when a line matching {@code regex} is on screen, press {@code key}. */
    ScriptedTerminal press(String regex, int key) {
        return then(regex, () -> keys.accept(key));
    }

    /** Adds a step: when a line matching {@code regex} is on screen, run {@code action}. */
    ScriptedTerminal then(String regex, Runnable action) {
        steps.add(new Step(Pattern.compile(regex), action));
        return this;
    }

    /** Presses {@code key} now. */
    void press(int key) {
        keys.accept(key);
    }

    boolean done() {
        return next == steps.size();
    }

    int restored() {
        return restored.get();
    }

    @Override
    public boolean interactive() {
        return true;
    }

    @Override
    public Optional<Size> size() {
        return Optional.of(size);
    }

    @Override
    public boolean startKeys(IntConsumer keys) {
        this.keys = keys;
        return true;
    }

    @Override
    public void restore() {
        restored.incrementAndGet();
    }

    @Override
    public synchronized void write(int b) {
        drawn.write(b);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        drawn.write(b, off, len);
    }

    @Override
    public synchronized void flush() {
        List<List<String>> frames = Cli.screens(drawn.toString(StandardCharsets.UTF_8));
        if (frames.isEmpty() || next == steps.size()) {
            return;
        }
        Step step = steps.get(next);
        if (frames.get(frames.size() - 1).stream().anyMatch(l -> step.line().matcher(l).find())) {
            next++;
            step.action().run();
        }
    }
}
