/**
 * Medic introspection: Erlang's {@code recon} and {@code sys} for live Medic nodes, as a Java API
 * ({@link io.medic.introspection.Recon}) and as JSON over Akka Management HTTP under {@code /medic}
 * ({@link io.medic.introspection.MedicRouteProvider}, started with
 * {@link io.medic.introspection.MedicManagement}). Route reference, limits, auth and the definitions of
 * {@code reductions} and {@code memory}: docs/introspection.md.
 *
 * <p>Other modules add routes under {@code /medic} through the public SPI
 * {@link io.medic.introspection.MedicRoutesExtension} ({@link io.medic.introspection.MedicEndpoint},
 * {@link io.medic.introspection.MedicRequest}, {@link io.medic.introspection.MedicRoutesContext},
 * {@link io.medic.introspection.MedicHttpException}), behind the same authentication, roles, read-only
 * switch and audit as Medic's own (docs/introspection.md, "Extending /medic").
 */
package io.medic.introspection;
