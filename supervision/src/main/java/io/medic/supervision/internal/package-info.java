/**
 * INTERNAL API
 *
 * <p>The supervision module's engine: {@code SupervisorServer} (the supervisor process, after OTP's
 * {@code supervisor.erl}) with its phases ({@code SupervisorPhase}), its child table ({@code ChildTable})
 * and its restart window ({@code RestartWindow}); the node's application controller
 * ({@code ApplicationController}); the {@code medic.supervision} settings. Nothing outside this module
 * may use it.
 */
package io.medic.supervision.internal;
