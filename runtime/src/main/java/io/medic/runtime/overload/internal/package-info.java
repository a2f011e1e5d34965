/**
 * INTERNAL API
 *
 * <p>What the overload tools share: argument checks, the owned-name table, breaker transitions and the
 * serial delivery of events.
 */
package io.medic.runtime.overload.internal;
