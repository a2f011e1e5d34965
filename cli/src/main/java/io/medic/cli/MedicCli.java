package io.medic.cli;

import io.medic.cli.internal.CliContext;
import io.medic.cli.internal.CliException;
import io.medic.cli.internal.ConnectionOptions;
import io.medic.cli.internal.DumpCommand;
import io.medic.cli.internal.Env;
import io.medic.cli.internal.ExitCode;
import io.medic.cli.internal.InfoCommand;
import io.medic.cli.internal.NodesCommand;
import io.medic.cli.internal.PortsCommand;
import io.medic.cli.internal.StateCommand;
import io.medic.cli.internal.Text;
import io.medic.cli.internal.TopCommand;
import io.medic.cli.internal.TraceCommand;
import io.medic.cli.internal.TreeCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;

/**
 * {@code medic}, the terminal client of a Medic node: {@code medic top} (observer_cli's home and process
 * top; {@code --cluster}: the cluster's, {@code recon:rpc}), {@code nodes} (Erlang's {@code nodes()} with
 * each member's stats), {@code info} ({@code recon:info/1}), {@code state} ({@code sys:get_state/2}), {@code tree} (the
 * supervision tree with restart budgets), {@code ports} ({@code recon:inet_count/2}), {@code trace}
 * ({@code recon_trace:calls/3}: a trace session's events as they come) and {@code dump analyze}
 * (recon's {@code erl_crashdump_analyzer.sh}, on a crash dump file). It talks to the
 * node's {@code /medic} HTTP API only — the same routes as {@code curl} (docs/introspection.md) — so it
 * runs anywhere the node's HTTP port is reachable, with nothing of Akka inside. docs/cli.md is its manual.
 *
 * <pre>{@code
 * java -jar cli/target/medic-cli.jar top --url http://127.0.0.1:8558
 * }</pre>
 *
 * <p>Exit status: 0 done, 1 the node answered an error, 2 a bad command line, 3 the node could not be
 * reached, 4 authentication wanted or refused, 5 a dump file missing, not a dump, or cut short, 6 the node
 * is not in a cluster ({@code medic nodes}, {@code top --cluster}, {@code --node}).
 */
@Command(name = "medic", mixinStandardHelpOptions = true, versionProvider = MedicCli.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = "The terminal client of a Medic node: talks to its /medic HTTP API (docs/cli.md).",
        subcommands = {TopCommand.class, NodesCommand.class, InfoCommand.class, StateCommand.class, TreeCommand.class,
                PortsCommand.class, TraceCommand.class, DumpCommand.class, HelpCommand.class},
        footer = {"", "The password of --user comes from $MEDIC_PASSWORD, else a prompt; never from the command line.",
                "Exit status: 0 done, 1 the node answered an error, 2 bad command line, 3 node unreachable, "
                        + "4 authentication wanted or refused, 5 a dump file missing, not a dump or cut short, "
                        + "6 the node is not in a cluster."})
public final class MedicCli implements CliContext, Runnable {
    @Mixin
    private ConnectionOptions connection = new ConnectionOptions();

    private final Env env;

    private MedicCli(Env env) {
        this.env = env;
    }

    /** Runs {@code medic} with {@code args} and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs {@code medic} with {@code args} in this process's environment; returns the exit status. */
    public static int run(String... args) {
        return execute(Env.system(), args);
    }

    /** Runs {@code medic} in {@code env} (INTERNAL API: tests give their own environment). */
    static int execute(Env env, String... args) {
        CommandLine cl = new CommandLine(new MedicCli(env));
        cl.setOut(new PrintWriter(env.out(), true));
        cl.setErr(new PrintWriter(env.err(), true));
        cl.setExecutionExceptionHandler((e, line, parsed) -> {
            CliException failure = e instanceof CliException c ? c : null;
            if (failure == null) {
                throw e;
            }
            env.err().println("medic: " + failure.getMessage());
            if (failure.exitCode() == ExitCode.USAGE) {
                env.err().println("(medic " + line.getCommandName() + " --help shows the options)");
            }
            return failure.exitCode();
        });
        cl.setParameterExceptionHandler((e, args1) -> {
            env.err().println("medic: " + (e instanceof CommandLine.UnmatchedArgumentException u ? unmatched(u)
                    : Text.clean(e.getMessage())));
            env.err().println("(" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help shows the options)");
            return ExitCode.USAGE;
        });
        return cl.execute(args);
    }

    /**
     * The unknown options by name; other words not shown: a user who typed a password after an option that
     * does not exist ({@code --password}) must not see it echoed into the terminal's scrollback.
     */
    private static String unmatched(CommandLine.UnmatchedArgumentException e) {
        List<String> words = e.getUnmatched();
        if (e.getCommandLine().getParent() == null && !words.isEmpty() && words.get(0).matches("[a-z][a-z-]{0,30}")) {
            return "unknown command '" + words.get(0) + "', expected one of "
                    + String.join(", ", e.getCommandLine().getSubcommands().keySet());
        }
        List<String> options = words.stream().filter(a -> a.startsWith("-"))
                .map(a -> "'" + Text.clean(a.contains("=") ? a.substring(0, a.indexOf('=')) : a) + "'").toList();
        long others = words.size() - options.size();
        String rest = others == 0 ? "" : (options.isEmpty() ? "" : "; ") + others + " unexpected argument"
                + (others == 1 ? "" : "s") + " (not shown)";
        return (options.isEmpty() ? "" : "unknown option" + (options.size() == 1 ? " " : "s ") + String.join(", ", options))
                + rest;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(new CommandLine(this), "a command is missing: top, nodes, info, state, "
                + "tree, ports, trace or dump");
    }

    @Override
    public Env env() {
        return env;
    }

    @Override
    public ConnectionOptions connection() {
        return connection;
    }

    /** {@code medic --version}: the version the build wrote into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties p = new Properties();
            try (InputStream in = MedicCli.class.getResourceAsStream("/io/medic/cli/medic-cli-version.properties")) {
                if (in != null) {
                    p.load(in);
                }
            }
            return new String[] {"medic " + p.getProperty("version", "(unknown version)")};
        }
    }
}
