package io.medic.cli.internal;

import java.io.PrintStream;
import java.util.List;

/**
 * INTERNAL API. Where frames of {@code medic top} go: printed one after the other for a script
 * ({@link #plain}), or redrawn in place on the terminal's alternate screen with ANSI escape codes
 * ({@link #fullScreen}), which {@link #close} leaves, giving the operator's screen back as it was.
 */
public abstract class Screen implements AutoCloseable {

    /** How a line of a frame is shown on a full screen. */
    public enum Style {
        PLAIN, TITLE, HEADER, STATUS
    }

    /** One line of a frame. */
    public record Line(String text, Style style) {
        public static Line plain(String text) {
            return new Line(text, Style.PLAIN);
        }
    }

    /** Shows one frame. */
    public abstract void show(List<Line> frame);

    /** Gives the terminal back. Idempotent; safe from a shutdown hook. */
    @Override
    public abstract void close();

    /** Frames printed in sequence, each followed by an empty line; no escape codes. */
    public static Screen plain(PrintStream out) {
        return new Screen() {
            @Override
            public void show(List<Line> frame) {
                StringBuilder b = new StringBuilder();
                for (Line l : frame) {
                    b.append(l.text()).append('\n');
                }
                out.print(b.append('\n'));
                out.flush();
            }

            @Override
            public void close() {
                out.flush();
            }
        };
    }

    /** Frames redrawn in place on the alternate screen (the caller fits them to its height). */
    public static Screen fullScreen(PrintStream out) {
        return new FullScreen(out);
    }

    /** ANSI: the alternate screen (xterm's 1049), the cursor hidden, each frame drawn from the top-left corner. */
    private static final class FullScreen extends Screen {
        private static final String ESC = "\033[";
        private final PrintStream out;
        private boolean open;
        private boolean closed;

        FullScreen(PrintStream out) {
            this.out = out;
        }

        @Override
        public synchronized void show(List<Line> frame) {
            if (closed) {
                return;
            }
            StringBuilder b = new StringBuilder();
            if (!open) {
                b.append(ESC).append("?1049h").append(ESC).append("?25l");
                open = true;
            }
            b.append(ESC).append('H');
            for (int i = 0; i < frame.size(); i++) {
                Line l = frame.get(i);
                b.append(switch (l.style()) {
                    case PLAIN -> "";
                    case TITLE -> ESC + "1m";
                    case HEADER, STATUS -> ESC + "7m";
                });
                b.append(l.text()).append(ESC).append("0m").append(ESC).append('K');
                if (i < frame.size() - 1) {
                    b.append("\r\n");
                }
            }
            b.append(ESC).append('J');
            out.print(b);
            out.flush();
        }

        @Override
        public synchronized void close() {
            if (open && !closed) {
                out.print(ESC + "0m" + ESC + "?25h" + ESC + "?1049l");
                out.flush();
            }
            closed = true;
        }
    }
}
