package io.medic.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * INTERNAL API. {@code medic state PID}: {@code sys:get_state/2} ({@code GET /medic/processes/{pid}/state}),
 * the state rendered within the node's bounds. It asks the process, so a stuck one times out.
 */
@Command(name = "state", mixinStandardHelpOptions = true, description = "A process's state: sys:get_state/2 (GET /medic/processes/{pid}/state). "
        + "Asks the process: a stuck one times out.")
public final class StateCommand extends NodeCommand {
    static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
    static final Duration MAX_TIMEOUT = Duration.ofSeconds(60);

    @Parameters(paramLabel = "PID", description = "<0.N.0>, 0.N.0, a registered name, or an actor path (/user/cart-7).")
    String pid;

    @Option(names = {"-t", "--timeout"}, paramLabel = "SECONDS",
            description = "How long the process has to answer, 0.001 to 60 (default: the node's, 5).")
    String timeout;

    @Mixin
    JsonOption json;

    private String query = "";

    @Override
    protected void check() {
        if (timeout != null) {
            query = "?timeout_ms=" + seconds("--timeout", timeout, MIN_TIMEOUT, MAX_TIMEOUT).toMillis();
        }
    }

    @Override
    protected int run(MedicClient client) {
        JsonNode answer = client.get("/medic/processes/" + MedicClient.segment(pid) + "/state" + query);
        if (json.printed(answer, env().out())) {
            return ExitCode.OK;
        }
        env().out().println(Text.clean(answer.path("pid").asText(pid)) + "  state of type "
                + Text.clean(answer.path("type").asText(Text.NONE)));
        env().out().println(JsonOption.pretty(answer.path("state")));
        if (answer.path("truncated").asBoolean()) {
            env().out().println("(cut to the node's limits, medic.http.state: the markers say where)");
        }
        return ExitCode.OK;
    }
}
