/**
 * OTP's supervision on Akka Typed: supervisors ({@link io.medic.supervision.Supervisor}, the
 * {@code supervisor} module) built from {@link io.medic.supervision.SupervisorSpec}s of
 * {@link io.medic.supervision.SupervisorFlags} and {@link io.medic.supervision.ChildSpec}s; applications
 * ({@link io.medic.supervision.Application}, {@link io.medic.supervision.Applications}: {@code application}
 * and its controller); and {@link io.medic.supervision.ReconnectingServer}, a GenServer that connects to
 * remote things outside its init (Erlang in Anger 2.2.3).
 *
 * <p>The guide is {@code docs/supervision.md}, which also lists every difference from OTP and why.
 */
package io.medic.supervision;
