package io.medic.council.guide;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.medic.introspection.MedicManagement;
import io.medic.runtime.From;
import io.medic.runtime.GenServer;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.supervision.Application;
import io.medic.supervision.ChildSpec;
import io.medic.supervision.SupervisorFlags;
import io.medic.supervision.SupervisorSpec;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The code of {@code docs/getting-started.md}: every {@code java} block of that page appears verbatim
 * (but for indentation) in this file, and {@link GettingStartedTest} runs it and checks the page
 * against it, so the page cannot rot.
 */
public final class GettingStarted {
    private GettingStarted() {
    }

    /** A counter: "increment" (a cast) adds one, "get" (a call) answers the count. */
    public static final class Counter extends GenServer<Long> {
        @Override
        protected Init<Long> init() {
            return ok(0L);                                      // {ok, 0}
        }

        @Override
        protected Result<Long> handleCall(Object request, From from, Long count) throws Exception {
            if ("get".equals(request)) {
                return reply(count, count);                     // {reply, Count, Count}
            }
            return super.handleCall(request, from, count);      // anything else crashes it
        }

        @Override
        protected Result<Long> handleCast(Object message, Long count) throws Exception {
            if ("increment".equals(message)) {
                return noreply(count + 1);                      // {noreply, Count + 1}
            }
            return super.handleCast(message, count);
        }
    }

    /** The shop application: a one_for_one supervisor over one registered counter. */
    public static Application shop() {
        SupervisorSpec top = SupervisorSpec.of(
                SupervisorFlags.oneForOne().withIntensity(3).withPeriod(Duration.ofSeconds(5)),
                ChildSpec.worker("counter", Counter::new).withName("counter"));
        return Application.permanent("shop", top);
    }

    /** Starts a node running the shop application, then Medic's HTTP API. */
    public static Node start(Config config) {
        Node node = Node.start("shop", config, List.of(shop()));  // the whole tree is up when this returns
        URI http = MedicManagement.start(node);                   // http://127.0.0.1:8558 unless configured
        System.out.println("Medic's HTTP API: " + http + "/medic");
        return node;
    }

    public static void main(String[] args) throws Exception {
        Node node = start(ConfigFactory.empty());                 // application.conf applies as usual
        Pid counter = node.pid("counter");                        // whereis(counter)
        GenServer.cast(counter, "increment");                     // gen_server:cast(counter, increment)
        long count = GenServer.call(counter, "get", Duration.ofSeconds(5));
        System.out.println("count = " + count);
        System.exit(node.awaitTermination(Duration.ofDays(365))); // 1 if the permanent application dies
    }
}
