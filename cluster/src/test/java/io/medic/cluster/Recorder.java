package io.medic.cluster;

import io.medic.runtime.ExitReason;
import io.medic.runtime.From;
import io.medic.runtime.GenServer;
import java.util.ArrayList;
import java.util.List;

/**
 * A GenServer for the cluster tests: records what it gets (casts and infos, in order) and answers
 * calls: {@code Echo} with itself, {@code "received"} with what it recorded, {@code "crash"} by
 * crashing, {@code "local"} with a reply no serializer can carry, a {@code WhoAmI} with it, and
 * {@code "hold"} never (until it terminates); a {@code Block} cast holds it in its
 * handler until the test opens the gate.
 */
final class Recorder extends GenServer<List<String>> {
    private From held;

    @Override
    protected Init<List<String>> init() {
        return ok(new ArrayList<>());
    }

    @Override
    protected Result<List<String>> handleCall(Object request, From from, List<String> s) {
        if (request instanceof Messages.Echo e) {
            return reply(e, s);
        }
        if (request instanceof Messages.WhoAmI w) {
            return reply(w, s);
        }
        return switch (String.valueOf(request)) {
            case "received" -> reply(new Messages.Received(List.copyOf(s)), s);
            case "crash" -> throw new IllegalStateException("crashed on purpose");
            case "local" -> reply(new Messages.Local("stays here"), s);
            case "hold" -> {
                held = from;
                yield noreply(s);
            }
            case "fail" -> {
                from.fail(new IllegalArgumentException("refused on purpose"));
                yield noreply(s);
            }
            default -> reply(request, s);
        };
    }

    @Override
    protected Result<List<String>> handleCast(Object message, List<String> s) {
        if (message instanceof io.medic.testing.Block b) {
            try {
                b.gate().pass(); // busy, its mailbox filling, until the test opens the gate
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return noreply(s);
        }
        s.add("cast:" + message);
        return noreply(s);
    }

    @Override
    protected Result<List<String>> handleInfo(Object message, List<String> s) {
        s.add("info:" + message);
        return noreply(s);
    }

    @Override
    protected void terminate(ExitReason reason, List<String> s) {
        if (held != null) {
            held.reply("released by terminate");
        }
    }
}
