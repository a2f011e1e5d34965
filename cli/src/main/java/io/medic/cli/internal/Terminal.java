package io.medic.cli.internal;

import java.util.Optional;
import java.util.function.IntConsumer;

/**
 * INTERNAL API. The terminal {@code medic top} runs in: whether it can redraw in place and read keys,
 * its size, and its raw mode. {@link SttyTerminal} is the real one; tests give their own.
 */
public interface Terminal {

    /** Columns and rows. */
    record Size(int columns, int rows) {
    }

    /** Whether standard input and output are a terminal (keys can be read, the screen redrawn in place). */
    boolean interactive();

    /** The terminal's size, if it can tell. */
    Optional<Size> size();

    /**
     * Puts the terminal in raw mode (each key as it is typed, not echoed; Ctrl-C still interrupts) and
     * delivers every key to {@code keys}, from another thread, until {@link #restore}. Returns false when it
     * cannot (no {@code stty}): the screen still refreshes, and Ctrl-C quits.
     */
    boolean startKeys(IntConsumer keys);

    /** Restores the mode the terminal had before {@link #startKeys}. Idempotent; safe from a shutdown hook. */
    void restore();
}
