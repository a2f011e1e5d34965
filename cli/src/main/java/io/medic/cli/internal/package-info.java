/**
 * INTERNAL API. The commands of {@code medic} (picocli {@code @Command}s over {@link
 * io.medic.cli.internal.NodeCommand} or {@link io.medic.cli.internal.CliCommand}), the HTTP client
 * ({@link io.medic.cli.internal.MedicClient}; the cluster's routes through {@code ClusterApi}), and the
 * terminal: layout ({@link io.medic.cli.internal.Table}, {@link io.medic.cli.internal.TopFrame},
 * {@code ClusterFrame}), screens and raw mode ({@link io.medic.cli.internal.Screen},
 * {@link io.medic.cli.internal.SttyTerminal}). {@code medic top}'s loop ({@link io.medic.cli.internal.Top})
 * draws a {@code TopView}: one node's ({@code NodeTopView}) or the cluster's ({@code ClusterTopView}).
 *
 * <p>Adding a command ({@code medic trace ...}, {@code medic dump analyze FILE}): a class here annotated with
 * {@code @Command}, extending {@code NodeCommand} if it talks to a node (it gets a connected
 * {@code MedicClient} and the global options) or {@code CliCommand} if it does not (a dump file); a command
 * with subcommands lists them in its own {@code @Command(subcommands = ...)}. Register it in
 * {@code MedicCli}'s subcommands; throw {@code CliException} for failures; add its section to docs/cli.md.
 */
package io.medic.cli.internal;
