/**
 * {@code medic}, the terminal client of a Medic node ({@link io.medic.cli.MedicCli}): observer_cli's
 * {@code top}, recon's {@code info} and {@code inet_count}, {@code sys:get_state} and the supervision tree,
 * over the node's {@code /medic} HTTP API. The command line is the public surface; the classes behind it
 * live in {@code io.medic.cli.internal}.
 */
package io.medic.cli;
