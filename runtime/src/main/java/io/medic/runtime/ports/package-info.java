/**
 * Erlang's ports for Medic processes: TCP sockets and files opened through {@link io.medic.runtime.ports.Ports},
 * each owned by a live Medic process, counted (bytes and packets in and out) and listed in the node's
 * port table so they can be inspected like {@code recon:port_types/0}, {@code recon:inet_count/2},
 * {@code recon:inet_window/3} and {@code recon:port_info/1}.
 *
 * <p>Start at {@link io.medic.runtime.ports.Ports#of(io.medic.runtime.Node)}; the guide is {@code docs/ports.md}.
 */
package io.medic.runtime.ports;
