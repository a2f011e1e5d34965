/**
 * INTERNAL API: the static file server of the dashboard's assets ({@code io/medic/dashboard/ui/} in the
 * jar) and the rows of the dashboard's processes table. Not for use outside Medic; changes without
 * notice.
 */
package io.medic.dashboard.internal;
