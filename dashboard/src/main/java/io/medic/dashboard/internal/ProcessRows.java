package io.medic.dashboard.internal;

import io.medic.introspection.MedicHttpException;
import io.medic.introspection.MedicRequest;
import io.medic.introspection.ProcessSample;
import io.medic.introspection.Recon;
import io.medic.runtime.BadProcessReferenceException;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.ProcessAttribute;
import io.medic.runtime.ProcessEntry;
import io.medic.runtime.ProcessInfo;
import io.medic.runtime.ProcessStatus;
import io.medic.runtime.LogText;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * INTERNAL API
 *
 * <p>{@code GET /medic/dashboard/processes}: the rows of the dashboard's processes table — the top
 * {@code limit} processes by one attribute, absolute ({@link Recon#procCount}, recon's
 * {@code proc_count/2}) or over a window ({@link Recon#procWindow}, {@code proc_window/3}, with its
 * busy rule), or the processes a search names — each with <em>every</em> attribute, read from its
 * process-table entry (O(1) per row, never a message to the process), so that one request fills a table
 * whose every column can be the sort key. The ranking itself is Recon's: this class only reads the rows
 * it names. Stateless.
 *
 * <p>A search ({@code search=TEXT}) matches a process whose pid is {@code TEXT} ({@code <0.N.0>},
 * {@code 0.N.0} or {@code N}) and every registered process whose name contains {@code TEXT} (ignoring
 * case), ranked by the attribute; anonymous processes are found by pid, as in Erlang. Cost: one pass
 * over the registered names.
 */
public final class ProcessRows {
    /** The longest window this route waits for: below the server's request timeout (20 s by default). */
    public static final Duration MAX_WINDOW = Duration.ofSeconds(10);
    /** The longest search text. */
    public static final int MAX_SEARCH = 200;
    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 1000;

    private final Node node;
    private final Recon recon;

    /** One row: the process and every attribute the table has; {@code value} is the ranked one. */
    public record Row(Pid pid, long value, String registeredName, String kind, String initialCall,
                      ProcessStatus status, String currentMessageType, long messageQueueLen, long reductions,
                      long memoryBytes, long messagesIn, long messagesHandled, long busyTimeUs,
                      long allocatedBytes, long restarts, long ports, Instant startedAt, boolean sensitive) {
    }

    /** The answer: what was asked, how many processes the node has, and the rows, largest value first. */
    public record Answer(String attribute, int limit, Long windowMs, String search, int processCount,
                         List<Row> processes) {
    }

    public ProcessRows(Node node) {
        this.node = node;
        this.recon = Recon.of(node);
    }

    /**
     * The answer to one request.
     *
     * @throws MedicHttpException a {@code 400} naming a bad parameter
     */
    public CompletionStage<Answer> answer(MedicRequest r) {
        ProcessAttribute attribute = attribute(r.param("sort"));
        int limit = limit(r.param("limit"));
        Optional<Duration> window = window(r.param("window_ms"));
        Optional<String> search = search(r.param("search"));
        String name = wireName(attribute);
        if (search.isPresent() && window.isPresent()) {
            throw MedicHttpException.badRequest("bad_parameter", "search and window_ms: both given, expected one "
                    + "of them (a search ranks the processes it finds by their absolute values)");
        }
        if (search.isPresent()) {
            return CompletableFuture.completedFuture(new Answer(name, limit, null, search.get(),
                    node.processes().size(), search(search.get(), attribute, limit)));
        }
        if (window.isPresent()) {
            return recon.procWindow(attribute, limit, window.get()).thenApply(samples -> new Answer(name, limit,
                    window.get().toMillis(), null, node.processes().size(), rows(samples)));
        }
        return CompletableFuture.completedFuture(new Answer(name, limit, null, null, node.processes().size(),
                rows(recon.procCount(attribute, limit))));
    }

    // ================================================================== rows

    private static List<Row> rows(List<ProcessSample> samples) {
        List<Row> rows = new ArrayList<>(samples.size());
        for (ProcessSample s : samples) {
            ProcessEntry e = s.pid().entry();
            if (e.isAlive()) { // one that stopped since the ranking is left out, as recon's rows would be
                rows.add(row(e.snapshot(), s.value()));
            }
        }
        return rows;
    }

    private List<Row> search(String text, ProcessAttribute attribute, int limit) {
        Map<Pid, ProcessEntry> found = new LinkedHashMap<>();
        byPid(text).ifPresent(p -> found.put(p, p.entry()));
        String needle = text.toLowerCase(Locale.ROOT);
        for (Map.Entry<String, Pid> e : node.registry().registered().entrySet()) {
            if (e.getKey().toLowerCase(Locale.ROOT).contains(needle)) {
                found.putIfAbsent(e.getValue(), e.getValue().entry());
            }
        }
        return found.values().stream().filter(ProcessEntry::isAlive)
                .map(e -> row(e.snapshot(), attribute.read(e)))
                .sorted(Comparator.comparingLong(Row::value).reversed().thenComparingLong(row -> row.pid().number()))
                .limit(limit).toList();
    }

    /** The live process whose pid {@code text} is ({@code <0.N.0>}, {@code 0.N.0} or {@code N}). */
    private Optional<Pid> byPid(String text) {
        if (text.chars().allMatch(Character::isDigit) && text.length() <= 18) {
            return node.processes().byNumber(Long.parseLong(text));
        }
        if (text.startsWith("<") || text.matches("\\d+\\.\\d+\\.\\d+")) {
            try {
                return node.lookup(text);
            } catch (BadProcessReferenceException e) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Row row(ProcessInfo i, long value) {
        return new Row(i.pid(), value, i.registeredName(), i.kind(), i.initialCall(), i.status(),
                i.currentMessageType(), i.messageQueueLen(), i.reductions(), i.memory(), i.messagesIn(),
                i.messagesHandled(), i.busyTimeMicros(), i.allocatedBytes(), i.restarts(), i.ports(), i.startTime(),
                i.sensitive());
    }

    // ================================================================== parameters

    /** The name of an attribute in parameters and answers: Medic's ({@code memory_bytes}, ...). */
    static String wireName(ProcessAttribute a) {
        return a == ProcessAttribute.MEMORY ? "memory_bytes" : a.wireName();
    }

    private static ProcessAttribute attribute(Optional<String> sort) {
        if (sort.isEmpty()) {
            return ProcessAttribute.REDUCTIONS;
        }
        for (ProcessAttribute a : ProcessAttribute.values()) {
            if (wireName(a).equals(sort.get()) || a.wireName().equals(sort.get())) {
                return a;
            }
        }
        List<String> names = java.util.Arrays.stream(ProcessAttribute.values()).map(ProcessRows::wireName).toList();
        throw MedicHttpException.badRequest("bad_attribute", "sort: bad value " + LogText.quoted(sort.get(), 100)
                + ", expected one of " + String.join(", ", names));
    }

    private static int limit(Optional<String> limit) {
        if (limit.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        long n = number(limit.get());
        if (n < 1 || n > MAX_LIMIT) {
            throw MedicHttpException.badRequest("bad_limit", "limit: bad value " + LogText.quoted(limit.get(), 100)
                    + ", expected an integer from 1 to " + MAX_LIMIT);
        }
        return (int) n;
    }

    private static Optional<Duration> window(Optional<String> ms) {
        if (ms.isEmpty()) {
            return Optional.empty();
        }
        long n = number(ms.get());
        if (n < 1 || n > MAX_WINDOW.toMillis()) {
            throw MedicHttpException.badRequest("bad_ms", "window_ms: bad value " + LogText.quoted(ms.get(), 100)
                    + ", expected an integer from 1 to " + MAX_WINDOW.toMillis());
        }
        return Optional.of(Duration.ofMillis(n));
    }

    private static Optional<String> search(Optional<String> search) {
        if (search.isEmpty() || search.get().isEmpty()) {
            return Optional.empty();
        }
        if (search.get().length() > MAX_SEARCH) {
            throw MedicHttpException.badRequest("bad_parameter", "search: bad value of " + search.get().length()
                    + " characters, expected at most " + MAX_SEARCH);
        }
        return search;
    }

    /** A decimal integer, or -1 for anything else (the caller names the value and the range). */
    private static long number(String s) {
        if (s.isEmpty() || s.length() > 9 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return -1;
        }
        return Long.parseLong(s);
    }
}
