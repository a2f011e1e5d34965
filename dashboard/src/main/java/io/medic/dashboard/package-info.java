/**
 * Medic's web dashboard: the pages under {@code /medic/ui/} (home, processes, one process, the
 * supervision tree, ports, and the areas that later modules add), served from this jar through Medic's
 * {@code /medic} route table by {@link io.medic.dashboard.DashboardRoutes} — Medic's authentication,
 * {@code admin} role, read-only switch and audit log apply to every request the pages make. The analog
 * of Erlang's observer and Phoenix LiveDashboard. Reference: docs/dashboard.md.
 */
package io.medic.dashboard;
