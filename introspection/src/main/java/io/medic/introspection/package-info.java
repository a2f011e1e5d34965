/**
 * Medic introspection: Erlang's {@code recon} and {@code sys} for live Medic nodes, as a Java API
 * ({@link io.medic.introspection.Recon}) and as JSON over Akka Management HTTP under {@code /medic}
 * ({@link io.medic.introspection.MedicRouteProvider}, started with
 * {@link io.medic.introspection.MedicManagement}). Route reference, limits, auth and the definitions of
 * {@code reductions} and {@code memory}: docs/introspection.md.
 */
package io.medic.introspection;
