package io.medic.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict parser of the two text exposition formats, written for the tests from their specifications
 * and independent of the Prometheus client (whose 1.x releases ship writers only, no text parser):
 *
 * <ul>
 *   <li>the Prometheus text format 0.0.4 (prometheus.io/docs/instrumenting/exposition_formats): lines
 *       ending in {@code \n}; {@code # HELP name docstring} (escapes {@code \\} and {@code \n}) and
 *       {@code # TYPE name counter|gauge|histogram|summary|untyped}, at most one each per metric and
 *       before its samples; other {@code #} lines are comments; samples
 *       {@code name{label="value",...} value [timestamp]} with label values escaping {@code \\},
 *       {@code \"} and {@code \n}, values as Go's ParseFloat reads them ({@code NaN}, {@code +Inf},
 *       {@code -Inf}), timestamps as int64 milliseconds; all the lines of a metric in one group;
 *       histogram and summary samples named {@code _bucket} (with {@code le}) / {@code _sum} /
 *       {@code _count} or the name itself (with {@code quantile});</li>
 *   <li>the OpenMetrics 1.0 text format (openmetrics.io): the same sample syntax, {@code # HELP},
 *       {@code # TYPE} (counter, gauge, histogram, gaugehistogram, stateset, info, summary, unknown) and
 *       {@code # UNIT} naming the family, counter samples {@code _total} / {@code _created}, info samples
 *       {@code _info}, a stateset's samples labelled by the family's own name with values 0 or 1, no
 *       empty line, no comment, and a final {@code # EOF}.</li>
 * </ul>
 *
 * <p>Everywhere: metric names {@code [a-zA-Z_:][a-zA-Z0-9_:]*}, label names {@code [a-zA-Z_][a-zA-Z0-9_]*}
 * not starting with {@code __}, no label twice in a sample, no sample (name and label set) twice. Any
 * violation throws an {@link IllegalArgumentException} naming the line.
 */
final class ExpositionParser {
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> PROMETHEUS_TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");
    private static final Set<String> OPENMETRICS_TYPES = Set.of("counter", "gauge", "histogram", "gaugehistogram",
            "stateset", "info", "summary", "unknown");

    /** One sample: its name, its labels (sorted by name) and its value. */
    record Sample(String name, Map<String, String> labels, double value) {
    }

    /** One metric family: its name, type, help (null if none) and samples in order. */
    record Family(String name, String type, String help, List<Sample> samples) {
    }

    private final boolean openMetrics;
    private final Map<String, Family> families = new LinkedHashMap<>();
    private final Map<String, String> seenSamples = new TreeMap<>();
    private final Set<String> typed = new java.util.HashSet<>();
    private String current;
    private int line;

    private ExpositionParser(boolean openMetrics) {
        this.openMetrics = openMetrics;
    }

    /** Parses the Prometheus text format 0.0.4. */
    static Map<String, Family> prometheus(String text) {
        return new ExpositionParser(false).parse(text);
    }

    /** Parses the OpenMetrics 1.0 text format. */
    static Map<String, Family> openMetrics(String text) {
        return new ExpositionParser(true).parse(text);
    }

    private Map<String, Family> parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new IllegalArgumentException("the exposition does not end with a newline");
        }
        String[] lines = text.isEmpty() ? new String[0] : text.substring(0, text.length() - 1).split("\n", -1);
        boolean eof = false;
        for (String l : lines) {
            line++;
            if (eof) {
                fail("a line after # EOF");
            }
            if (l.isEmpty()) {
                if (openMetrics) {
                    fail("an empty line");
                }
                continue;
            }
            if (openMetrics && l.equals("# EOF")) {
                eof = true;
            } else if (l.startsWith("#")) {
                comment(l);
            } else {
                sample(l);
            }
        }
        if (openMetrics && !eof) {
            throw new IllegalArgumentException("an OpenMetrics exposition must end with # EOF");
        }
        return families;
    }

    // ================================================================== metadata

    private void comment(String l) {
        String[] parts = l.split(" ", 4);
        boolean metadata = parts.length >= 3 && parts[0].equals("#")
                && (parts[1].equals("HELP") || parts[1].equals("TYPE") || (openMetrics && parts[1].equals("UNIT")));
        if (!metadata) {
            if (openMetrics) {
                fail("not a metadata line: " + l);
            }
            return; // a comment
        }
        String name = parts[2];
        checkName(name);
        Family f = families.get(name);
        if (f != null && !name.equals(current)) {
            fail("metadata for " + name + " after another metric's lines: a metric's lines must be one group");
        }
        if (f != null && !f.samples().isEmpty()) {
            fail("metadata for " + name + " after its samples");
        }
        String rest = parts.length == 4 ? parts[3] : "";
        Family base = f != null ? f : new Family(name, openMetrics ? "unknown" : "untyped", null, new ArrayList<>());
        switch (parts[1]) {
            case "HELP" -> {
                if (base.help() != null) {
                    fail("a second HELP for " + name);
                }
                base = new Family(name, base.type(), unescape(rest), base.samples());
            }
            case "TYPE" -> {
                if (f != null && typed.contains(name)) {
                    fail("a second TYPE for " + name);
                }
                if (!(openMetrics ? OPENMETRICS_TYPES : PROMETHEUS_TYPES).contains(rest)) {
                    fail("unknown type '" + rest + "'");
                }
                typed.add(name);
                base = new Family(name, rest, base.help(), base.samples());
            }
            default -> {
                if (!rest.isEmpty() && !name.endsWith("_" + rest)) {
                    fail("the UNIT " + rest + " is not the suffix of " + name);
                }
            }
        }
        families.put(name, base);
        current = name;
    }

    // ================================================================== samples

    private void sample(String l) {
        int i = 0;
        while (i < l.length() && l.charAt(i) != '{' && l.charAt(i) != ' ') {
            i++;
        }
        String name = l.substring(0, i);
        checkName(name);
        Map<String, String> labels = new TreeMap<>();
        if (i < l.length() && l.charAt(i) == '{') {
            i = labels(l, i + 1, labels);
        }
        if (i >= l.length() || l.charAt(i) != ' ') {
            fail("expected a space and a value after " + name);
        }
        String[] rest = l.substring(i + 1).split(" ", -1);
        if (rest.length > 2 || rest[0].isEmpty()) {
            fail("expected a value and at most a timestamp: '" + l.substring(i + 1) + "'");
        }
        double value = number(rest[0]);
        if (rest.length == 2) {
            if (openMetrics) {
                number(rest[1]);
            } else {
                try {
                    Long.parseLong(rest[1]);
                } catch (NumberFormatException e) {
                    fail("bad timestamp '" + rest[1] + "', expected int64 milliseconds");
                }
            }
        }
        Family f = familyOf(name, labels);
        String key = name + labels;
        if (seenSamples.put(key, key) != null) {
            fail("a second sample " + key);
        }
        f.samples().add(new Sample(name, Map.copyOf(labels), value));
        checkSample(f, name, labels, value);
    }

    private int labels(String l, int i, Map<String, String> labels) {
        while (true) {
            if (i < l.length() && l.charAt(i) == '}') {
                return i + 1;
            }
            int eq = l.indexOf('=', i);
            if (eq < 0) {
                fail("a label without '='");
            }
            String label = l.substring(i, eq);
            if (!LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
                fail("bad label name '" + label + "'");
            }
            if (eq + 1 >= l.length() || l.charAt(eq + 1) != '"') {
                fail("the value of label " + label + " is not quoted");
            }
            StringBuilder v = new StringBuilder();
            int j = eq + 2;
            for (; ; j++) {
                if (j >= l.length()) {
                    fail("an unterminated label value");
                }
                char c = l.charAt(j);
                if (c == '"') {
                    break;
                }
                if (c == '\\') {
                    j++;
                    char e = j < l.length() ? l.charAt(j) : 0;
                    switch (e) {
                        case '\\' -> v.append('\\');
                        case '"' -> v.append('"');
                        case 'n' -> v.append('\n');
                        default -> fail("bad escape \\" + e + " in a label value");
                    }
                } else {
                    v.append(c);
                }
            }
            if (labels.put(label, v.toString()) != null) {
                fail("label " + label + " twice");
            }
            i = j + 1;
            if (i < l.length() && l.charAt(i) == ',') {
                i++;
                if (openMetrics && i < l.length() && l.charAt(i) == '}') {
                    fail("a trailing comma in a label set");
                }
            } else if (i >= l.length() || l.charAt(i) != '}') {
                fail("expected ',' or '}' after label " + label);
            }
        }
    }

    /** The family a sample belongs to: the current group's, by the naming rules of its type. */
    private Family familyOf(String sample, Map<String, String> labels) {
        Family f = current == null ? null : families.get(current);
        if (f != null && belongs(f, sample)) {
            return f;
        }
        if (openMetrics) {
            fail("sample " + sample + " has no family declared before it (# TYPE)");
        }
        if (families.containsKey(sample)) {
            fail("sample " + sample + " after another metric's lines: a metric's lines must be one group");
        }
        Family untyped = new Family(sample, "untyped", null, new ArrayList<>());
        families.put(sample, untyped);
        current = sample;
        return untyped;
    }

    private boolean belongs(Family f, String sample) {
        String n = f.name();
        return switch (f.type()) {
            case "counter" -> openMetrics ? sample.equals(n + "_total") || sample.equals(n + "_created") : sample.equals(n);
            case "histogram", "gaugehistogram" -> sample.equals(n + "_bucket") || sample.equals(n + "_sum")
                    || sample.equals(n + "_count") || sample.equals(n + "_created") || sample.equals(n + "_gsum")
                    || sample.equals(n + "_gcount");
            case "summary" -> sample.equals(n) || sample.equals(n + "_sum") || sample.equals(n + "_count")
                    || sample.equals(n + "_created");
            case "info" -> sample.equals(n + "_info");
            default -> sample.equals(n);
        };
    }

    private void checkSample(Family f, String sample, Map<String, String> labels, double value) {
        String n = f.name();
        switch (f.type()) {
            case "histogram" -> {
                if (sample.equals(n + "_bucket") && !labels.containsKey("le")) {
                    fail("a histogram bucket without le");
                }
            }
            case "summary" -> {
                if (sample.equals(n) && !labels.containsKey("quantile")) {
                    fail("a summary quantile without quantile");
                }
            }
            case "counter" -> {
                if (openMetrics && (Double.isNaN(value) || value < 0)) {
                    fail("a counter's value must be a non-negative number: " + value);
                }
            }
            case "stateset" -> {
                if (!labels.containsKey(n) || (value != 0 && value != 1)) {
                    fail("a stateset sample needs the label " + n + " and the value 0 or 1");
                }
            }
            default -> {
            }
        }
    }

    // ================================================================== tokens

    private double number(String s) {
        switch (s) {
            case "NaN":
                return Double.NaN;
            case "+Inf":
            case "Inf":
                return Double.POSITIVE_INFINITY;
            case "-Inf":
                return Double.NEGATIVE_INFINITY;
            default:
                if (!s.matches("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?")) {
                    fail("bad number '" + s + "'");
                }
                return Double.parseDouble(s);
        }
    }

    private String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                b.append(c);
                continue;
            }
            char e = ++i < s.length() ? s.charAt(i) : 0;
            switch (e) {
                case '\\' -> b.append('\\');
                case 'n' -> b.append('\n');
                case '"' -> {
                    if (!openMetrics) {
                        fail("bad escape \\\" in a docstring: the text format escapes only \\\\ and \\n there");
                    }
                    b.append('"');
                }
                default -> fail("bad escape \\" + e + " in a docstring");
            }
        }
        return b.toString();
    }

    private void checkName(String name) {
        if (!METRIC_NAME.matcher(name).matches()) {
            fail("bad metric name '" + name + "'");
        }
    }

    private void fail(String why) {
        throw new IllegalArgumentException("line " + line + ": " + why);
    }
}
