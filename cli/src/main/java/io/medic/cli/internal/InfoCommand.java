package io.medic.cli.internal;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * INTERNAL API. {@code medic info PID}: {@code recon:info/1} of one process ({@code GET /medic/processes/{pid}}),
 * grouped like recon: meta, signals, location (with the stack of a running process), memory_used, work.
 * Read from the process table: it works on a stuck process.
 */
@Command(name = "info", mixinStandardHelpOptions = true, description = "What a process is doing: recon:info/1 (GET /medic/processes/{pid}). "
        + "Works on a stuck process.")
public final class InfoCommand extends NodeCommand {
    @Parameters(paramLabel = "PID", description = "<0.N.0>, 0.N.0, a registered name, or an actor path (/user/cart-7).")
    String pid;

    @Mixin
    JsonOption json;

    @Override
    protected int run(MedicClient client) {
        JsonNode info = client.get("/medic/processes/" + MedicClient.segment(pid));
        if (!json.printed(info, env().out())) {
            Outline.of(info).forEach(env().out()::println);
        }
        return ExitCode.OK;
    }
}
