package io.medic.introspection.internal;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import io.medic.introspection.Recon;
import io.medic.introspection.SupervisionTree;
import io.medic.runtime.CrashReport;
import io.medic.runtime.CrashReports;
import io.medic.runtime.LogText;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.ProcessEntry;
import io.medic.runtime.ProcessInfo;
import io.medic.runtime.ProcessStatus;
import io.medic.runtime.Rendered;
import io.medic.runtime.Sys;
import io.medic.runtime.SysStatus;
import io.medic.runtime.monitor.MonitorEvent;
import io.medic.runtime.monitor.SystemMonitor;
import io.medic.runtime.ports.PortEntry;
import io.medic.runtime.ports.Ports;
import io.medic.supervision.SupervisionHistory;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.RuntimeMXBean;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import java.util.regex.Pattern;

/**
 * INTERNAL API
 *
 * <p>Writes one crash dump: the node's {@code erl_crash.dump}, as one JSON object streamed to a file
 * section after section, process after process — never the whole dump in memory. Every list is capped
 * ({@link DumpSettings}) and says how much it left out; a section that fails is closed where it stopped,
 * an {@code <section>_error} field says why, and the dump goes on; the last field, {@code "complete": true}, is written only when the dump ended well, so
 * a reader can tell a dump cut short (the JVM died while writing it). The format, field by field, is
 * docs/crash-dumps.md's. Reads the process and port tables without messaging any process, except the
 * {@code states} largest processes, asked for their state with a deadline. One writer per dump; not
 * thread-safe.
 */
final class DumpWriter {
    /** The dump format's name and version: the first two fields of every dump. */
    static final String FORMAT = "medic-crash-dump";
    static final int VERSION = 1;

    /** A JVM argument naming a secret: its value is written as {@code <redacted>}. */
    private static final Pattern SECRET = Pattern.compile(
            "(?i).*(pass(word|wd|phrase)?|secret|token|credential|api[-_.]?key|private[-_.]?key|auth).*");
    static final String REDACTED = "<redacted>";

    private final Introspection services;
    private final Node node;
    private final DumpSettings settings;
    private Counting counting;

    DumpWriter(Introspection services, DumpSettings settings) {
        this.services = services;
        this.node = services.node;
        this.settings = settings;
    }

    /** What one dump wrote: its file, its size, and how many processes it saw and wrote. */
    record Result(Path file, long bytes, int processes, int processesWritten) {
    }

    /**
     * Writes the dump to {@code file} (through {@code file.tmp}, renamed when done, so that a complete
     * dump never has the name of a cut one... unless the JVM dies in the middle: the {@code .tmp} stays).
     */
    Result write(Path file, String trigger, String slogan) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.createDirectories(file.toAbsolutePath().getParent());
        Map<Long, Object> states = askStates();
        int[] counts;
        try (OutputStream out = Files.newOutputStream(tmp)) {
            counting = new Counting(new BufferedOutputStream(out, 64 * 1024));
            try (JsonGenerator g = Json.API.createGenerator(counting, JsonEncoding.UTF8)) {
                g.writeStartObject();
                g.writeStringField("format", FORMAT);
                g.writeNumberField("version", VERSION);
                g.writeStringField("slogan", slogan);
                g.writeStringField("trigger", trigger);
                g.writeStringField("node", node.name());
                g.writeStringField("written_at", Json.INSTANT.format(Instant.now()));
                section(g, "jvm", () -> jvm(g));
                section(g, "limits", () -> g.writeObject(limits()));
                section(g, "stats", () -> g.writeObject(Recon.of(node).nodeStats()));
                section(g, "memory", () -> g.writeObject(Recon.of(node).memory()));
                counts = processes(g, states);
                section(g, "supervision", () -> supervision(g));
                section(g, "supervisor_events", () -> supervisorEvents(g));
                section(g, "monitor_events", () -> monitorEvents(g));
                section(g, "ports", () -> ports(g));
                section(g, "crash_reports", () -> crashReports(g));
                section(g, "threads", () -> threads(g));
                g.writeBooleanField("complete", true);
                g.writeEndObject();
            }
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        return new Result(file, Files.size(file), counts[0], counts[1]);
    }

    private interface Body {
        void write() throws IOException;
    }

    /**
     * One section: its field name, then {@code body}; if the body fails, what it opened is closed (or
     * {@code null} written when it wrote nothing) and an {@code <name>_error} field says why: the dump goes
     * on, still well-formed JSON.
     */
    private void section(JsonGenerator g, String name, Body body) throws IOException {
        com.fasterxml.jackson.core.JsonStreamContext root = g.getOutputContext();
        g.writeFieldName(name);
        try {
            body.write();
        } catch (RuntimeException | IOException | StackOverflowError e) {
            if (e instanceof IOException io && counting.failed) {
                throw io; // the file itself failed: nothing more can be written
            }
            if (g.getOutputContext() == root) {
                g.writeNull(); // it failed before writing anything
            }
            while (g.getOutputContext() != root) { // it failed midway: close what it opened
                if (g.getOutputContext().inArray()) {
                    g.writeEndArray();
                } else {
                    g.writeEndObject();
                }
            }
            g.writeStringField(name + "_error", LogText.escaped(String.valueOf(e)));
        }
    }

    private boolean full() {
        return counting.count >= settings.maxBytes();
    }

    // ------------------------------------------------------------------ jvm

    private void jvm(JsonGenerator g) throws IOException {
        RuntimeMXBean rt = ManagementFactory.getRuntimeMXBean();
        g.writeStartObject();
        g.writeStringField("vm_name", rt.getVmName());
        g.writeStringField("vm_vendor", rt.getVmVendor());
        g.writeStringField("vm_version", rt.getVmVersion());
        g.writeStringField("java_version", System.getProperty("java.version"));
        g.writeStringField("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        g.writeNumberField("pid", ProcessHandle.current().pid());
        g.writeStringField("started_at", Json.INSTANT.format(Instant.ofEpochMilli(rt.getStartTime())));
        g.writeNumberField("uptime_ms", rt.getUptime());
        g.writeNumberField("available_processors", Runtime.getRuntime().availableProcessors());
        g.writeArrayFieldStart("arguments");
        for (String a : redact(rt.getInputArguments())) {
            g.writeString(a);
        }
        g.writeEndArray();
        String command = System.getProperty("sun.java.command");
        g.writeArrayFieldStart("command");
        if (command != null) {
            for (String a : redact(List.of(command.split(" ")))) {
                g.writeString(a);
            }
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    /**
     * The arguments with every value that looks like a credential replaced by {@code <redacted>}:
     * {@code -Dx.password=...}, {@code --api-key=...}, and the word after a flag such as
     * {@code --password} or {@code -token}.
     */
    static List<String> redact(List<String> args) {
        List<String> out = new ArrayList<>(args.size());
        boolean nextIsSecret = false;
        for (String a : args) {
            if (nextIsSecret && !a.startsWith("-")) {
                out.add(REDACTED);
                nextIsSecret = false;
                continue;
            }
            nextIsSecret = false;
            int eq = a.indexOf('=');
            int colon = a.indexOf(':');
            int sep = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
            if (a.startsWith("-") && sep > 0 && SECRET.matcher(a.substring(0, sep)).matches()) {
                out.add(a.substring(0, sep + 1) + REDACTED);
            } else if (a.startsWith("-") && sep < 0 && SECRET.matcher(a).matches()) {
                out.add(a);
                nextIsSecret = true;
            } else {
                out.add(a);
            }
        }
        return out;
    }

    private Map<String, Object> limits() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("max_processes", settings.maxProcesses());
        m.put("max_stack_depth", settings.maxStackDepth());
        m.put("max_threads", settings.maxThreads());
        m.put("max_ports", settings.maxPorts());
        m.put("max_crash_reports", settings.maxCrashReports());
        m.put("max_events", settings.maxEvents());
        m.put("top", settings.top());
        m.put("states", settings.states());
        m.put("max_bytes", settings.maxBytes());
        m.put("render", settings.render());
        return m;
    }

    // ------------------------------------------------------------------ processes

    /** A process with more messages queued than this is not asked for its state: it would not answer in time. */
    private static final long BUSY_QUEUE = 100;

    /**
     * The states of the {@code states} largest processes by memory (sensitive ones, running ones and
     * those with more than {@value #BUSY_QUEUE} messages queued left out), asked
     * through {@code sys:get_status} (their {@code formatStatus}) all at once, with one deadline: a map of
     * pid number to the state, or to a {@code String} saying why there is none.
     */
    private Map<Long, Object> askStates() {
        Map<Long, Object> out = new HashMap<>();
        if (settings.states() == 0) {
            return out;
        }
        List<ProcessEntry> largest = top(node.processes().entries(), ProcessEntry::memory, settings.states(), true);
        Map<Long, CompletableFuture<SysStatus>> asked = new HashMap<>();
        for (ProcessEntry e : largest) {
            if (e.status() == ProcessStatus.RUNNING || e.messageQueueLen() > BUSY_QUEUE) {
                // it would not answer in time, and the request would only lengthen its queue
                out.put(e.pid().number(), "not asked: " + (e.status() == ProcessStatus.RUNNING ? "it was running a handler"
                        : "it had " + e.messageQueueLen() + " messages queued"));
                continue;
            }
            asked.put(e.pid().number(), Sys.getStatusAsync(e.pid(), settings.stateTimeout()).toCompletableFuture());
        }
        try {
            CompletableFuture.allOf(asked.values().toArray(CompletableFuture[]::new))
                    .get(settings.stateTimeout().toMillis() + 100, TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            // some did not answer: each says why below
        }
        asked.forEach((number, f) -> {
            if (f.isDone() && !f.isCompletedExceptionally()) {
                SysStatus s = f.join();
                out.put(number, s.state() != null ? new StateOf(s.state()) : "no state: " + s.stateNote());
            } else if (f.isDone()) {
                Throwable t = f.handle((v, err) -> io.medic.runtime.Jvm.unwrap(err)).join();
                out.put(number, "no state: " + t);
            } else {
                out.put(number, "no state: it did not answer within " + settings.stateTimeout().toMillis() + " ms");
            }
        });
        return out;
    }

    /** A state as the process gave it, to be rendered as the dump is written. */
    private record StateOf(Object state) {
    }

    /** The {@code n} entries with the largest {@code value}, largest first. */
    private static List<ProcessEntry> top(Iterable<ProcessEntry> entries, ToLongFunction<ProcessEntry> value, int n,
                                          boolean skipSensitive) {
        PriorityQueue<long[]> heap = new PriorityQueue<>(Comparator.comparingLong(a -> a[0]));
        Map<Long, ProcessEntry> byNumber = new HashMap<>();
        for (ProcessEntry e : entries) {
            if (skipSensitive && e.isSensitive()) {
                continue;
            }
            long v = value.applyAsLong(e);
            if (heap.size() < n) {
                heap.add(new long[] {v, e.pid().number()});
                byNumber.put(e.pid().number(), e);
            } else if (v > heap.peek()[0]) {
                byNumber.remove(heap.poll()[1]);
                heap.add(new long[] {v, e.pid().number()});
                byNumber.put(e.pid().number(), e);
            }
        }
        List<long[]> sorted = new ArrayList<>(heap);
        sorted.sort(Comparator.comparingLong((long[] a) -> a[0]).reversed().thenComparingLong(a -> a[1]));
        List<ProcessEntry> out = new ArrayList<>(sorted.size());
        for (long[] a : sorted) {
            out.add(byNumber.get(a[1]));
        }
        return out;
    }

    /**
     * {@code process_summary} (counts over every process: by status, by behaviour, queues and memory in
     * all, the top lists) and {@code processes} (each with its info attributes; the top processes first,
     * then the others until the cap). Returns {processes seen, processes written}.
     */
    private int[] processes(JsonGenerator g, Map<Long, Object> states) throws IOException {
        Iterable<ProcessEntry> table = node.processes().entries();
        Map<String, Long> byStatus = new TreeMap<>();
        Map<String, Long> byClass = new HashMap<>();
        long classesLeftOut = 0;
        int count = 0;
        long queued = 0;
        long memory = 0;
        for (ProcessEntry e : table) {
            count++;
            byStatus.merge(e.status().name().toLowerCase(java.util.Locale.ROOT), 1L, Long::sum);
            String cls = e.initialCall();
            if (byClass.containsKey(cls) || byClass.size() < 1000) {
                byClass.merge(cls, 1L, Long::sum);
            } else {
                classesLeftOut++;
            }
            queued += e.messageQueueLen();
            memory += e.memory();
        }
        int n = settings.top();
        List<ProcessEntry> byQueue = top(table, ProcessEntry::messageQueueLen, n, false);
        List<ProcessEntry> byMemory = top(table, ProcessEntry::memory, n, false);
        List<ProcessEntry> byReductions = top(table, ProcessEntry::reductions, n, false);

        g.writeObjectFieldStart("process_summary");
        g.writeNumberField("count", count);
        g.writeNumberField("message_queue_len", queued);
        g.writeNumberField("memory_bytes", memory);
        g.writeObjectField("by_status", byStatus);
        g.writeObjectFieldStart("by_behaviour");
        List<Map.Entry<String, Long>> classes = new ArrayList<>(byClass.entrySet());
        classes.sort(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()));
        for (Map.Entry<String, Long> c : classes) {
            g.writeNumberField(c.getKey(), c.getValue());
        }
        g.writeEndObject();
        g.writeNumberField("by_behaviour_left_out", classesLeftOut);
        topList(g, "top_by_message_queue_len", byQueue, ProcessEntry::messageQueueLen);
        topList(g, "top_by_memory_bytes", byMemory, ProcessEntry::memory);
        topList(g, "top_by_reductions", byReductions, ProcessEntry::reductions);
        g.writeEndObject();

        g.writeArrayFieldStart("processes");
        Set<Long> written = new HashSet<>();
        int max = settings.maxProcesses();
        List<ProcessEntry> first = new ArrayList<>();
        first.addAll(byQueue);
        first.addAll(byMemory);
        first.addAll(byReductions);
        for (ProcessEntry e : first) {
            if (written.size() < max && !full() && written.add(e.pid().number())) {
                process(g, e, states.get(e.pid().number()));
            }
        }
        for (ProcessEntry e : table) {
            if (written.size() >= max || full()) {
                break;
            }
            if (written.add(e.pid().number())) {
                process(g, e, states.get(e.pid().number()));
            }
        }
        g.writeEndArray();
        g.writeNumberField("processes_written", written.size());
        g.writeNumberField("processes_left_out", Math.max(0, count - written.size()));
        return new int[] {count, written.size()};
    }

    private static void topList(JsonGenerator g, String field, List<ProcessEntry> entries,
                                ToLongFunction<ProcessEntry> value) throws IOException {
        g.writeArrayFieldStart(field);
        for (ProcessEntry e : entries) {
            g.writeStartObject();
            g.writeStringField("pid", e.pid().toString());
            g.writeStringField("registered_name", e.registeredName().orElse(null));
            g.writeStringField("behaviour", e.initialCall());
            g.writeNumberField("value", value.applyAsLong(e));
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private void process(JsonGenerator g, ProcessEntry e, Object state) throws IOException {
        ProcessInfo i = e.snapshot();
        g.writeStartObject();
        g.writeStringField("pid", i.pid().toString());
        g.writeStringField("registered_name", i.registeredName());
        g.writeStringField("status", i.status().name().toLowerCase(java.util.Locale.ROOT));
        g.writeStringField("kind", i.kind());
        g.writeStringField("behaviour", i.initialCall());
        g.writeStringField("parent", i.parent() == null ? null : i.parent().toString());
        g.writeNumberField("message_queue_len", i.messageQueueLen());
        g.writeNumberField("memory_bytes", i.memory());
        g.writeNumberField("reductions", i.reductions());
        g.writeNumberField("messages_in", i.messagesIn());
        g.writeNumberField("messages_handled", i.messagesHandled());
        g.writeNumberField("messages_out", i.messagesOut());
        g.writeNumberField("busy_time_us", i.busyTimeMicros());
        g.writeNumberField("allocated_bytes", i.allocatedBytes());
        g.writeNumberField("restarts", i.restarts());
        g.writeNumberField("ports", i.ports());
        g.writeStringField("current_message_type", i.currentMessageType());
        g.writeStringField("current_thread", i.currentThread());
        g.writeStringField("started_at", Json.INSTANT.format(i.startTime()));
        g.writeBooleanField("sensitive", i.sensitive());
        g.writeArrayFieldStart("monitored_by");
        for (Pid p : i.monitoredBy()) {
            g.writeString(p.toString());
        }
        g.writeEndArray();
        if (i.status() == ProcessStatus.RUNNING && settings.maxStackDepth() > 0) {
            List<StackTraceElement> stack = e.stackTrace();
            g.writeArrayFieldStart("stacktrace");
            for (int k = 0; k < Math.min(stack.size(), settings.maxStackDepth()); k++) {
                g.writeString(LogText.escaped(stack.get(k).toString()));
            }
            g.writeEndArray();
            g.writeBooleanField("stacktrace_truncated", stack.size() > settings.maxStackDepth());
        }
        if (state instanceof StateOf s) {
            g.writeObjectField("state", Rendered.of(s.state(), settings.render()));
        } else if (state instanceof String note) {
            g.writeStringField("state_note", LogText.escaped(note));
        }
        g.writeEndObject();
    }

    // ------------------------------------------------------------------ supervision, ports, crashes, threads

    private void supervision(JsonGenerator g) throws IOException {
        SupervisionTree tree;
        try {
            tree = Recon.of(node).supervisionTree().toCompletableFuture()
                    .get(settings.supervisionTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while collecting the supervision tree");
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("the supervision tree was not collected within "
                    + settings.supervisionTimeout().toMillis() + " ms (medic.dump.supervision-timeout)");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("the supervision tree could not be collected: " + io.medic.runtime.Jvm.unwrap(e));
        }
        g.writeObject(tree);
    }

    private void supervisorEvents(JsonGenerator g) throws IOException {
        List<SupervisionHistory.Entry> events = settings.maxEvents() == 0 ? List.of()
                : SupervisionHistory.of(node).recent(settings.maxEvents());
        g.writeStartArray();
        for (SupervisionHistory.Entry e : events) {
            if (full()) {
                break;
            }
            g.writeStartObject();
            g.writeStringField("supervisor", e.supervisor().toString());
            g.writeStringField("registered_name", e.registeredName());
            g.writeObjectField("event", e.event());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** The system monitor's newest events ({@code erlang:system_monitor/2}'s messages), oldest first. */
    private void monitorEvents(JsonGenerator g) throws IOException {
        List<MonitorEvent> events = List.of();
        if (settings.maxEvents() > 0) {
            long latest = SystemMonitor.events(node, 0, 1).latest();
            events = SystemMonitor.events(node, Math.max(0, latest - settings.maxEvents()), settings.maxEvents()).events();
        }
        g.writeStartArray();
        for (MonitorEvent e : events) {
            if (full()) {
                break;
            }
            com.fasterxml.jackson.databind.node.ObjectNode o = Json.API.createObjectNode();
            o.put("type", e.type());
            o.setAll((com.fasterxml.jackson.databind.node.ObjectNode) Json.API.valueToTree(e));
            g.writeTree(o);
        }
        g.writeEndArray();
    }

    private void ports(JsonGenerator g) throws IOException {
        Ports ports = Ports.of(node);
        int total = 0;
        int written = 0;
        g.writeStartArray();
        for (PortEntry p : ports.entries()) {
            total++;
            if (written < settings.maxPorts() && !full()) {
                g.writeObject(PortSampler.report(p));
                written++;
            }
        }
        g.writeEndArray();
        g.writeNumberField("ports_written", written);
        g.writeNumberField("ports_left_out", total - written);
    }

    private void crashReports(JsonGenerator g) throws IOException {
        CrashReports reports = CrashReports.of(node);
        List<CrashReport> list = settings.maxCrashReports() == 0 ? List.of()
                : reports.list(0, Long.MAX_VALUE, settings.maxCrashReports());
        g.writeStartArray();
        for (CrashReport r : list) {
            if (full()) {
                break;
            }
            g.writeObject(r);
        }
        g.writeEndArray();
        g.writeNumberField("crash_reports_total", reports.latestId());
    }

    private void threads(JsonGenerator g) throws IOException {
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        ThreadInfo[] all = bean.dumpAllThreads(false, false, settings.maxStackDepth());
        g.writeStartArray();
        int written = 0;
        for (ThreadInfo t : all) {
            if (t == null) {
                continue;
            }
            if (written >= settings.maxThreads() || full()) {
                break;
            }
            written++;
            g.writeStartObject();
            g.writeStringField("name", LogText.escaped(t.getThreadName()));
            g.writeNumberField("id", t.getThreadId());
            g.writeStringField("state", t.getThreadState().name().toLowerCase(java.util.Locale.ROOT));
            g.writeBooleanField("daemon", t.isDaemon());
            if (t.getLockName() != null) {
                g.writeStringField("waiting_on", LogText.escaped(t.getLockName()));
            }
            if (t.getLockOwnerName() != null) {
                g.writeStringField("lock_owner", LogText.escaped(t.getLockOwnerName()));
            }
            g.writeArrayFieldStart("stacktrace");
            for (StackTraceElement f : t.getStackTrace()) {
                g.writeString(LogText.escaped(f.toString()));
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeNumberField("threads_written", written);
        g.writeNumberField("threads_left_out", all.length - written);
    }

    /** Counts the bytes that reach the file, and remembers whether the file failed. */
    private static final class Counting extends FilterOutputStream {
        long count;
        boolean failed;

        Counting(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
            count += len;
        }
    }
}
