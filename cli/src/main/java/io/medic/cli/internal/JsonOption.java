package io.medic.cli.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintStream;
import picocli.CommandLine.Option;

/** INTERNAL API. {@code --json}: print the node's answer as it came (indented) instead of the terminal layout. */
public final class JsonOption {
    @Option(names = "--json", description = "Print the node's JSON answer (indented) instead of the terminal layout.")
    boolean json;

    /** Prints {@code answer} as JSON and returns true if {@code --json} was given. */
    public boolean printed(JsonNode answer, PrintStream out) {
        if (json) {
            out.println(pretty(answer));
        }
        return json;
    }

    /** {@code value} as indented JSON. */
    public static String pretty(JsonNode value) {
        try {
            return MedicClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree that Jackson read cannot be written back", e);
        }
    }
}
