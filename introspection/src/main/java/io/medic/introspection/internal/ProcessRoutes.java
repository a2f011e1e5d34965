package io.medic.introspection.internal;

import akka.http.javadsl.model.StatusCodes;
import com.fasterxml.jackson.databind.JsonNode;
import io.medic.introspection.Recon;
import io.medic.runtime.ExitReason;
import io.medic.runtime.Jvm;
import io.medic.runtime.Medic;
import io.medic.runtime.Pid;
import io.medic.runtime.ProcessAttribute;
import io.medic.runtime.ProcessEntry;
import io.medic.runtime.RenderLimits;
import io.medic.runtime.Rendered;
import io.medic.runtime.Sys;
import io.medic.runtime.SysStatistics;
import io.medic.runtime.SysStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * INTERNAL API
 *
 * <p>The {@code /medic/processes} routes: recon's process functions through {@link Recon} (proc_count,
 * proc_window, info), and {@code sys} through {@link Sys} (get_state, get_status, statistics, log, and
 * the mutating replace_state, statistics and log switches, suspend, resume, kill).
 */
final class ProcessRoutes {
    private static final int DEFAULT_LOG_SIZE = 10;

    private final Introspection services;
    private final Params params;
    private final Recon recon;
    private final RenderLimits limits;

    private ProcessRoutes(Introspection services, Params params, Recon recon) {
        this.services = services;
        this.params = params;
        this.recon = recon;
        this.limits = services.settings.state();
    }

    static List<Endpoint> endpoints(RouteSupport routes, Params params, Recon recon, Introspection services) {
        ProcessRoutes p = new ProcessRoutes(services, params, recon);
        Duration window = services.settings.maxWindow();
        Duration timeout = services.settings.maxTimeout();
        return List.of(
                routes.get("processes", "introspection.md#proc-count", r -> p.procCountOrList(r.params())),
                routes.getAsync("processes/window", "introspection.md#proc-window", window, r -> p.procWindow(r.params())),
                routes.get("processes/{pid}", "introspection.md#proc-info", r -> recon.info(p.pid(r))),
                routes.getAsync("processes/{pid}/state", "introspection.md#sys-get-state", timeout,
                        r -> p.getState(p.pid(r), p.timeout(r))),
                routes.put("processes/{pid}/state", "introspection.md#mutating-routes", "replace_state",
                        (r, json) -> p.replaceState(p.pid(r), json, p.timeout(r))),
                routes.getAsync("processes/{pid}/status", "introspection.md#sys-get-status", timeout,
                        r -> p.getStatus(p.pid(r), p.timeout(r))),
                routes.getAsync("processes/{pid}/statistics", "introspection.md#sys-statistics", timeout,
                        r -> p.getStatistics(p.pid(r), p.timeout(r))),
                routes.put("processes/{pid}/statistics", "introspection.md#mutating-routes", "statistics",
                        (r, json) -> p.putStatistics(p.pid(r), json, p.timeout(r))),
                routes.getAsync("processes/{pid}/log", "introspection.md#sys-log", timeout, r -> p.getLog(p.pid(r), p.timeout(r))),
                routes.put("processes/{pid}/log", "introspection.md#mutating-routes", "log",
                        (r, json) -> p.putLog(p.pid(r), json, p.timeout(r))),
                routes.post("processes/{pid}/suspend", "introspection.md#mutating-routes", "suspend",
                        r -> p.suspend(p.pid(r), p.timeout(r))),
                routes.post("processes/{pid}/resume", "introspection.md#mutating-routes", "resume",
                        r -> p.resume(p.pid(r), p.timeout(r))),
                routes.post("processes/{pid}/kill", "introspection.md#mutating-routes", "kill",
                        r -> p.kill(p.pid(r), p.timeout(r))));
    }

    private Pid pid(Endpoint.Request r) {
        return params.pid(r.arg());
    }

    private Duration timeout(Endpoint.Request r) {
        return params.timeout(r.params());
    }

    // ================================================================== recon

    /** {@code GET /medic/processes}: proc_count with {@code sort}, the table a page at a time without. */
    private Object procCountOrList(Map<String, String> p) {
        return p.containsKey("sort") ? procCount(p) : list(p);
    }

    private Answers.ProcessList list(Map<String, String> p) {
        Long after = Params.after(p, Params.PID_CURSOR, "a pid such as <0.42.0>, 0.42.0 or its number 42");
        int n = params.limit(p);
        Page<ProcessEntry> page = services.processes.list(after == null ? -1 : after, n);
        List<Answers.ProcessRow> rows = page.items().stream().map(e -> new Answers.ProcessRow(e.pid(),
                e.registeredName().orElse(null), e.kind(), e.initialCall(), e.currentMessageType().orElse(null),
                e.status())).toList();
        return new Answers.ProcessList(n, after, rows, page.next(ProcessSampler::order), services.node.processes().size());
    }

    private Answers.Top procCount(Map<String, String> p) {
        if (p.containsKey("after")) {
            throw HttpError.badRequest("bad_after", "after: pages the listing without sort; a ranking (sort="
                    + Params.cut(p.get("sort")) + ") is its top " + "limit and has no pages");
        }
        ProcessAttribute a = attribute(p, "sort");
        int n = params.limit(p);
        return new Answers.Top(Attributes.wireName(a), n, recon.procCount(a, n));
    }

    private CompletionStage<Answers.Window> procWindow(Map<String, String> p) {
        ProcessAttribute a = attribute(p, "attr");
        int n = params.limit(p);
        Duration w = params.window(p);
        return recon.procWindow(a, n, w).thenApply(list -> new Answers.Window(Attributes.wireName(a), n, w.toMillis(), list));
    }

    private static ProcessAttribute attribute(Map<String, String> p, String name) {
        return Params.attribute(p, name, Attributes::parse, Attributes.wireNames());
    }

    // ================================================================== sys: reading

    private CompletionStage<Answers.State> getState(Pid pid, Duration timeout) {
        return Sys.<Object>getStateAsync(pid, timeout).thenApplyAsync(state -> stateAnswer(pid, state), services.executor);
    }

    /** A process's state as the state routes answer it: rendered within the limits. */
    private Answers.State stateAnswer(Pid pid, Object state) {
        Rendered r = Rendered.of(state, limits);
        return new Answers.State(pid, r.type(), r.truncated(), Json.raw(r));
    }

    private CompletionStage<Answers.Status> getStatus(Pid pid, Duration timeout) {
        return Sys.getStatusAsync(pid, timeout).thenApplyAsync(this::status, services.executor);
    }

    private Answers.Status status(SysStatus s) {
        Rendered r = s.state() == null ? null : Rendered.of(s.state(), limits);
        return new Answers.Status(s.pid(), s.status(), s.kind(), s.behaviour(), s.parent(), s.parentPath(),
                s.registeredName(), s.suspended(), s.statisticsEnabled(), s.logSize(), s.traceEnabled(), s.sensitive(),
                r == null ? null : r.type(), r != null && r.truncated(), r == null ? null : Json.raw(r), s.stateNote());
    }

    private CompletionStage<Answers.Statistics> getStatistics(Pid pid, Duration timeout) {
        return Sys.getStatisticsAsync(pid, timeout).thenApply(o -> {
            if (o.isEmpty()) {
                return new Answers.Statistics(pid, false, null, null, null, null, null);
            }
            SysStatistics s = o.get();
            return new Answers.Statistics(pid, true, s.startTime(), s.currentTime(), s.reductions(), s.messagesIn(),
                    s.messagesOut());
        });
    }

    private CompletionStage<Answers.Log> getLog(Pid pid, Duration timeout) {
        return Sys.getLogAsync(pid, timeout)
                .thenApply(events -> new Answers.Log(pid, events.stream().map(Answers.LogEvent::of).toList()));
    }

    // ================================================================== sys: mutating

    private CompletionStage<Answers.Done> putStatistics(Pid pid, JsonNode body, Duration timeout) {
        boolean enable = Params.requiredBoolean(body, "enabled");
        return Sys.statisticsAsync(pid, enable, timeout)
                .thenApply(x -> new Answers.Done(pid, "statistics", enable ? "enabled" : "disabled"));
    }

    /** sys:log; the size's range is Sys's to check ({@code medic.sys.max-log-size}), refused as a bad body. */
    private CompletionStage<Answers.Done> putLog(Pid pid, JsonNode body, Duration timeout) {
        boolean enable = Params.requiredBoolean(body, "enabled");
        if (!enable) {
            return Sys.logOffAsync(pid, timeout).thenApply(x -> new Answers.Done(pid, "log", "disabled"));
        }
        int size = Params.optionalInteger(body, "size", DEFAULT_LOG_SIZE);
        CompletionStage<Void> on;
        try {
            on = Sys.logAsync(pid, size, timeout);
        } catch (IllegalArgumentException e) {
            throw HttpError.badRequest("bad_body", e.getMessage());
        }
        return on.thenApply(x -> new Answers.Done(pid, "log", "enabled, size " + size));
    }

    private CompletionStage<Answers.Done> suspend(Pid pid, Duration timeout) {
        return Sys.suspendAsync(pid, timeout).thenApply(x -> new Answers.Done(pid, "suspend", "suspended"));
    }

    private CompletionStage<Answers.Done> resume(Pid pid, Duration timeout) {
        return Sys.resumeAsync(pid, timeout).thenApply(x -> new Answers.Done(pid, "resume", "resumed"));
    }

    /**
     * sys:replace_state with the body read, inside the process, as the class of its current state
     * ({@link JsonBodies#read}: a refusal names the field, never the class).
     */
    private CompletionStage<Answers.State> replaceState(Pid pid, JsonNode body, Duration timeout) {
        return Sys.<Object>replaceStateAsync(pid, old -> {
            if (old == null) {
                throw new IllegalStateException("the state of " + pid + " is null: its type cannot be known");
            }
            if (body.isNull()) { // Jackson reads null as a null of any type: refuse it, as the null state above
                throw HttpError.badRequest("bad_body", "body: bad value null, expected the new state of " + pid);
            }
            return JsonBodies.read(body, readableType(old)); // refusals are HttpErrors, answered as they are
        }, timeout).thenApplyAsync(state -> stateAnswer(pid, state), services.executor);
    }

    /** The class to read a new state as: the current one, or a public JDK collection for JDK-internal ones. */
    private static Class<?> readableType(Object state) {
        Class<?> c = state.getClass();
        if (!Jvm.isPlatformClass(c) || java.lang.reflect.Modifier.isPublic(c.getModifiers())) {
            return c;
        }
        if (state instanceof List<?>) {
            return ArrayList.class;
        }
        if (state instanceof Set<?>) {
            return LinkedHashSet.class;
        }
        if (state instanceof Map<?, ?>) {
            return LinkedHashMap.class;
        }
        if (state instanceof Collection<?>) {
            return ArrayList.class;
        }
        return c;
    }

    /** erlang:exit(Pid, kill), then wait at most {@code timeout} for the exit: 200 when it came, 202 when not yet. */
    private CompletionStage<Object> kill(Pid pid, Duration timeout) {
        Medic.exit(pid, ExitReason.KILLED);
        return Medic.whenExited(pid).toCompletableFuture()
                .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((reason, err) -> {
                    if (err == null) {
                        return new Answers.Killed(pid, true, reason.toString(), "process stopped");
                    }
                    if (Jvm.unwrap(err) instanceof TimeoutException) {
                        return Json.response(StatusCodes.ACCEPTED, new Answers.Killed(pid, false, null,
                                "kill requested; the process is still running its current handler after "
                                        + timeout.toMillis() + " ms and stops when it returns"));
                    }
                    throw new CompletionException(err);
                });
    }
}
