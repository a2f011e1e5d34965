package io.medic.cli.internal;

/**
 * INTERNAL API. A command that talks to a node: {@link #call} connects with the global options
 * ({@code --url}, {@code --user}, {@code --cacert}, {@code --insecure}) and hands the client to
 * {@link #run}. Adding one: a subclass with picocli's {@code @Command}, listed in
 * {@code io.medic.cli.MedicCli}'s subcommands, and its section in docs/cli.md.
 */
public abstract class NodeCommand extends CliCommand {

    @Override
    public final Integer call() {
        check();
        return run(context().connection().connect(env()));
    }

    /** Checks the command's own options, before anything is sent or a password asked for. */
    protected void check() {
    }

    /** Does the command's work; returns its exit status ({@link ExitCode}). */
    protected abstract int run(MedicClient client);
}
