package io.medic.introspection.internal;

import io.medic.introspection.Recon;
import io.medic.runtime.CrashReport;
import io.medic.runtime.CrashReports;
import java.util.List;
import java.util.Map;

/**
 * INTERNAL API
 *
 * <p>The crash routes: the node's crash reports ({@code GET /medic/crashes}, a page at a time, newest
 * first; {@code GET /medic/crashes/{report}}), read from runtime's {@link CrashReports}, and one
 * process's crashes across its incarnations ({@code GET /medic/processes/{pid}/crashes}), through
 * {@link Recon#processCrashes}. Read-only; the first two answer from memory, the third asks the
 * process's supervisor at most.
 */
final class CrashRoutes {
    private final Introspection services;
    private final Params params;

    private CrashRoutes(Introspection services, Params params) {
        this.services = services;
        this.params = params;
    }

    static List<Endpoint> endpoints(RouteSupport routes, Params params, Recon recon, Introspection services) {
        CrashRoutes c = new CrashRoutes(services, params);
        return List.of(
                routes.get("crashes", "introspection.md#crashes", r -> c.list(r.params())),
                routes.get("crashes/{report}", "introspection.md#crash-report", r -> c.one(r.arg())),
                routes.getAsync("processes/{pid}/crashes", "introspection.md#process-crashes",
                        services.settings.supervision().callTimeout(),
                        r -> recon.processCrashes(r.arg(), params.limit(r.params()))));
    }

    /** A page of the ring: newest first, newer than {@code since}, older than {@code before}. */
    private Answers.Crashes list(Map<String, String> p) {
        long since = Params.reportId(p, "since", 0);
        long before = Params.reportId(p, "before", Long.MAX_VALUE);
        int n = params.limit(p);
        CrashReports reports = CrashReports.of(services.node);
        List<CrashReport> page = reports.list(since, before, n + 1);
        boolean more = page.size() > n;
        List<CrashReport> shown = more ? page.subList(0, n) : page;
        return new Answers.Crashes(n, since, p.containsKey("before") ? before : null, List.copyOf(shown),
                more ? shown.get(shown.size() - 1).id() : null, reports.latestId(), reports.capacity());
    }

    private CrashReport one(String id) {
        long n = Params.reportId(id, "report");
        return CrashReports.of(services.node).byId(n).orElseThrow(() -> HttpError.notFound("no_crash_report",
                "no crash report " + n + " on node " + services.node.name() + ": ids run from 1 to "
                        + CrashReports.of(services.node).latestId() + ", and the ring keeps the last "
                        + CrashReports.of(services.node).capacity() + " (medic.crash.history)"));
    }
}
