package io.medic.cli.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * INTERNAL API. A table laid out to a terminal's width: each column gets its natural width (its title or
 * its longest cell); when the line would be too wide, text columns shrink toward their minimum, the widest
 * first; if that is not enough, the optional columns are left out, least important first, and the rest
 * laid out again. Numbers and labels (pids, statuses) are never cut. One table serves every command that
 * prints rows ({@code top}, {@code ports}).
 */
public final class Table {
    /** Spaces between two columns. */
    static final int GAP = 2;

    /** How a cell is made to fit its column. */
    public enum Kind {
        /** Right-aligned, never cut (counts, bytes). */
        NUMBER,
        /** Left-aligned, never cut (pids, statuses, dispatcher ids). */
        LABEL,
        /** Left-aligned, cut at the end. */
        TEXT,
        /** Left-aligned, packages shortened first ({@link Text#className}). */
        CLASS_NAME
    }

    /**
     * One column.
     *
     * @param title    its header
     * @param kind     how its cells fit
     * @param minWidth the narrowest it may be cut to (text and class names)
     * @param drop     0 for a column that always shows; otherwise the higher, the sooner it is left out
     */
    public record Column(String title, Kind kind, int minWidth, int drop) {
        public Column {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(kind, "kind");
            minWidth = Math.max(minWidth, title.length()); // a title is never cut
        }

        public static Column number(String title) {
            return new Column(title, Kind.NUMBER, title.length(), 0);
        }

        public static Column label(String title) {
            return new Column(title, Kind.LABEL, title.length(), 0);
        }

        public static Column text(String title, int minWidth) {
            return new Column(title, Kind.TEXT, minWidth, 0);
        }

        public static Column className(String title, int minWidth) {
            return new Column(title, Kind.CLASS_NAME, minWidth, 0);
        }

        /** This column, left out before the others when the width is short (higher: sooner). */
        public Column optional(int drop) {
            return new Column(title, kind, minWidth, drop);
        }
    }

    private final List<Column> columns;
    private final List<String[]> rows = new ArrayList<>();

    public Table(List<Column> columns) {
        this.columns = List.copyOf(columns);
    }

    /** Adds a row, one cell per column, already {@link Text#clean cleaned}. */
    public Table row(String... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException("cells: bad count " + cells.length + ", expected " + columns.size());
        }
        rows.add(cells.clone());
        return this;
    }

    public int size() {
        return rows.size();
    }

    /** The header line and one line per row, none longer than {@code width}. */
    public List<String> render(int width) {
        int n = columns.size();
        int[] natural = new int[n];
        for (int c = 0; c < n; c++) {
            natural[c] = columns.get(c).title().length();
            for (String[] row : rows) {
                natural[c] = Math.max(natural[c], row[c].length());
            }
        }
        boolean[] shown = new boolean[n];
        java.util.Arrays.fill(shown, true);
        int[] widths = fit(natural, shown, width);
        while (total(widths, shown) > width) {
            int dropped = -1;
            for (int c = 0; c < n; c++) {
                if (shown[c] && columns.get(c).drop() > 0 && (dropped < 0 || columns.get(c).drop() > columns.get(dropped).drop())) {
                    dropped = c;
                }
            }
            if (dropped < 0) {
                break; // nothing left to leave out: the lines are cut below
            }
            shown[dropped] = false;
            widths = fit(natural, shown, width);
        }
        List<String> out = new ArrayList<>(rows.size() + 1);
        String[] titles = columns.stream().map(Column::title).toArray(String[]::new);
        out.add(line(titles, widths, shown, width));
        for (String[] row : rows) {
            out.add(line(row, widths, shown, width));
        }
        return out;
    }

    /** The widths of the shown columns: natural, the widest text columns shrunk toward their minimum to fit. */
    private int[] fit(int[] natural, boolean[] shown, int width) {
        int[] widths = natural.clone();
        while (total(widths, shown) > width) {
            int widest = -1;
            for (int c = 0; c < widths.length; c++) {
                Kind k = columns.get(c).kind();
                if (shown[c] && (k == Kind.TEXT || k == Kind.CLASS_NAME) && widths[c] > columns.get(c).minWidth()
                        && (widest < 0 || widths[c] > widths[widest])) {
                    widest = c;
                }
            }
            if (widest < 0) {
                break;
            }
            widths[widest]--;
        }
        return widths;
    }

    private static int total(int[] widths, boolean[] shown) {
        int sum = 0;
        int count = 0;
        for (int c = 0; c < widths.length; c++) {
            if (shown[c]) {
                sum += widths[c];
                count++;
            }
        }
        return sum + Math.max(0, count - 1) * GAP;
    }

    private String line(String[] cells, int[] widths, boolean[] shown, int width) {
        StringBuilder b = new StringBuilder();
        int last = -1;
        for (int c = 0; c < cells.length; c++) {
            if (shown[c]) {
                last = c;
            }
        }
        for (int c = 0; c < cells.length; c++) {
            if (!shown[c]) {
                continue;
            }
            if (b.length() > 0) {
                b.append(" ".repeat(GAP));
            }
            Column col = columns.get(c);
            String cell = switch (col.kind()) {
                case NUMBER -> Text.padLeft(cells[c], widths[c]);
                case LABEL -> cells[c];
                case TEXT -> Text.cut(cells[c], widths[c]);
                case CLASS_NAME -> Text.className(cells[c], widths[c]);
            };
            b.append(c == last || col.kind() == Kind.NUMBER ? cell : Text.padRight(cell, widths[c]));
        }
        return Text.cut(b.toString().stripTrailing(), width);
    }
}
