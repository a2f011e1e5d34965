/**
 * INTERNAL API
 *
 * <p>The port table, the port implementations and the node's selector thread behind
 * {@link io.medic.runtime.ports.Ports}.
 */
package io.medic.runtime.ports.internal;
