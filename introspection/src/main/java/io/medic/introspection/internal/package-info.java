/**
 * INTERNAL API: the samplers, the bounded state renderer, the HTTP routes, authentication and the
 * isolated management server behind {@link io.medic.introspection.Recon} and
 * {@link io.medic.introspection.MedicRouteProvider}. Not for use outside Medic; changes without notice.
 */
package io.medic.introspection.internal;
