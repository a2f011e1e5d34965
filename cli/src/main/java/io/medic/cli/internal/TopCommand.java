package io.medic.cli.internal;

import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * INTERNAL API. {@code medic top}: observer_cli's home and process top ({@code observer_cli:start/0}) for
 * a Medic node, over its HTTP API; with {@code --cluster}, the cluster's top processes merged from every
 * member ({@code recon:rpc}). See {@link NodeTopView} and {@link ClusterTopView} for what one refresh asks.
 */
@Command(name = "top", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"The node's processes, ports, memory and dispatcher usage over its top processes, refreshed "
                + "every interval (observer_cli's home and process top).",
                "On a terminal: full screen; keys r m l i b a s o c u h g d sort, w toggles the window, q quits.",
                "With --once or --iterations, or when output is not a terminal: frames printed one after the other.",
                "With --cluster: every member's top processes merged, each with its node, under the members (recon:rpc)."})
public final class TopCommand extends NodeCommand {

    @Option(names = {"-s", "--sort"}, paramLabel = "ATTR", defaultValue = "reductions",
            description = "Rank by: reductions, memory_bytes, message_queue_len, messages_in, busy_time_us, "
                    + "allocated_bytes, restarts, ports, cpu_us, messages_out, current_message_age_ms, "
                    + "oldest_message_age_ms, dropped (default: ${DEFAULT-VALUE}).")
    String sort;

    @Option(names = {"-w", "--window"},
            description = "Rank by growth over each interval (recon's proc_window) instead of absolute values (proc_count).")
    boolean window;

    @Option(names = {"-i", "--interval"}, paramLabel = "SECONDS", defaultValue = "1",
            description = "Seconds between refreshes, 1 to 60; also the window of the dispatcher usage and of --window "
                    + "(default: ${DEFAULT-VALUE}).")
    String interval;

    @Option(names = {"-n", "--limit"}, paramLabel = "N",
            description = "Show N processes, 1 to 1000 (default: as many as fit the height).")
    Integer limit;

    @Option(names = {"-c", "--cluster"}, description = "The whole cluster: every member's top processes merged, each with "
            + "its node, under the members and their stats (GET /medic/cluster/processes; the node must be in a cluster).")
    boolean cluster;

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS", description = "With --cluster: how long each member has "
            + "to answer, 0.001 to 60 (default: the node's, medic.http.limits.default-timeout); those that do not are named.")
    String timeout;

    @Option(names = "--once", description = "Print one frame and exit (as --iterations 1).")
    boolean once;

    @Option(names = "--iterations", paramLabel = "N", description = "Print N frames, one per interval, and exit.")
    Integer iterations;

    @Mixin
    SizeOptions size;

    private TopSettings settings;
    private Integer frames;
    private Duration perNode;

    @Override
    protected void check() {
        settings = settings();
        frames = frames();
        size.resolve(env());
        if (timeout != null && !cluster) {
            throw new CliException(ExitCode.USAGE, "--timeout: applies to --cluster only (each member's time to answer)");
        }
        perNode = timeout == null ? null : seconds("--timeout", timeout, ClusterApi.MIN_TIMEOUT, ClusterApi.MAX_TIMEOUT);
    }

    @Override
    protected int run(MedicClient client) {
        TopView view = cluster ? new ClusterTopView(client, perNode) : new NodeTopView(client);
        return new Top(client, env(), size, settings, view).run(frames);
    }

    /** The settings the options describe; each bad value named with what was expected. */
    TopSettings settings() {
        ProcessAttribute attribute;
        try {
            attribute = ProcessAttribute.parse(sort);
        } catch (IllegalArgumentException e) {
            throw new CliException(ExitCode.USAGE, "--sort: " + e.getMessage());
        }
        Duration every = seconds("--interval", interval, TopSettings.MIN_INTERVAL, TopSettings.MAX_INTERVAL);
        if (limit != null && (limit < 1 || limit > TopSettings.MAX_LIMIT)) {
            throw new CliException(ExitCode.USAGE, "--limit: bad value " + limit + ", expected 1 to " + TopSettings.MAX_LIMIT);
        }
        return new TopSettings(attribute, window, every, limit);
    }

    private Integer frames() {
        if (once && iterations != null) {
            throw new CliException(ExitCode.USAGE, "--once and --iterations: give one of them, not both");
        }
        if (iterations != null && iterations < 1) {
            throw new CliException(ExitCode.USAGE, "--iterations: bad value " + iterations + ", expected 1 or more");
        }
        return once ? Integer.valueOf(1) : iterations;
    }
}
