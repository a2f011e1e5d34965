package io.medic.runtime.overload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.medic.runtime.From;
import io.medic.runtime.GenServer;
import io.medic.runtime.MedicException;
import io.medic.runtime.Node;
import io.medic.runtime.OverloadedException;
import io.medic.runtime.Pid;
import io.medic.runtime.SpawnOptions;
import io.medic.testing.Await;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The examples of docs/overload.md, compiled and run. */
class OverloadGuideExampleTest {
    private static Node node;

    @BeforeAll
    static void startNode() {
        node = Node.start("overload-guide");
    }

    @AfterAll
    static void stopNode() {
        node.close();
    }

    /** The remote payment service and the database of the examples: answer every call with "ok". */
    static final class Backend extends GenServer<Void> {
        @Override
        protected Init<Void> init() {
            return ok(null);
        }

        @Override
        protected Result<Void> handleCall(Object request, From from, Void state) {
            return reply("ok " + request, state);
        }
    }

    record Charge(String order) {
    }

    record Query(String sql) {
    }

    // --8<-- docs/overload.md "A gateway process"
    /** Calls a remote payment service through a breaker and a database server through a valve. */
    static final class Gateway extends GenServer<Gateway.State> {
        record State(Breaker payments, Valve db) {}

        private final Pid paymentService;
        private final Pid database;

        Gateway(Pid paymentService, Pid database) {
            this.paymentService = paymentService;
            this.database = database;
        }

        @Override
        protected Init<State> init() {
            // owned by this process: listed under it, and made afresh when it restarts
            Breaker payments = Breakers.of(node()).create(BreakerSettings.named("payments")
                    .withMaxFailures(5)                                // 5 failures in a row open it
                    .withCallTimeout(Duration.ofSeconds(2))            // a slower call is a failure
                    .withResetTimeout(Duration.ofSeconds(10))          // then a trial call after 10 s
                    .withExponentialBackoff(Duration.ofMinutes(2)), self());
            Valve db = Valves.of(node()).create(ValveSettings.of("db",
                    8,                                                 // at most 8 queries in the database
                    100,                                               // at most 100 more wait
                    Duration.ofMillis(500)), self());                  // for at most 500 ms each
            return ok(new State(payments, db));
        }

        @Override
        protected Result<State> handleCall(Object request, From from, State s) {
            CompletionStage<Object> answer;
            if (request instanceof Charge c) {
                answer = s.payments().callAsync(paymentService, c, Duration.ofSeconds(2));
            } else if (request instanceof Query q) {
                answer = s.db().callAsync(database, q, Duration.ofSeconds(5));
            } else {
                return reply("unknown request", s);
            }
            // never wait inside a process: reply when the answer comes, and take the next request now
            answer.whenComplete((reply, error) -> from.reply(error == null ? reply : refusal(error)));
            return noreply(s);
        }

        /** What the caller gets when the call failed: the error code and message. */
        private static String refusal(Throwable error) {
            return error instanceof MedicException m ? m.code() + ": " + m.getMessage() : "error: " + error;
        }
    }
    // --8<--

    @Test
    void theGatewayCallsThroughItsBreakerAndItsValveAndTheyAreListedUnderIt() {
        Pid backend = GenServer.startSync(node, new Backend(), SpawnOptions.DEFAULT, Duration.ofSeconds(5));
        Pid gateway = GenServer.startSync(node, new Gateway(backend, backend), SpawnOptions.DEFAULT, Duration.ofSeconds(5));
        assertEquals("ok Charge[order=42]", GenServer.call(gateway, new Charge("42")));
        assertEquals("ok Query[sql=select 1]", GenServer.call(gateway, new Query("select 1")));

        // --8<-- docs/overload.md "Reading them"
        List<Breaker> mine = Breakers.of(node).forOwner(gateway);     // what its process info shows
        BreakerStats payments = mine.get(0).stats();                  // state, failure count, counters
        ValveStats db = Valves.of(node).get("db").orElseThrow().stats();
        // --8<--
        assertEquals(BreakerState.CLOSED, payments.state());
        assertEquals(1, payments.succeeded());
        assertEquals(1, db.completed());
        GenServer.stop(gateway, io.medic.runtime.ExitReason.NORMAL, Duration.ofSeconds(5)).toCompletableFuture().join();
        Await.until("the gateway's breaker unlisted", () -> Breakers.of(node).get("payments").isEmpty());
        GenServer.stop(backend, io.medic.runtime.ExitReason.NORMAL, Duration.ofSeconds(5)).toCompletableFuture().join();
    }

    @Test
    void aCallerOutsideAnyProcessSeesTheRefusalAtOnce() {
        Pid dead = OverloadTesting.deadServer(node);
        // --8<-- docs/overload.md "Outside a process"
        Breaker search = Breakers.of(node).create(BreakerSettings.named("search").withMaxFailures(1));
        String outcome;
        try {
            outcome = search.call(dead, "query");                     // blocks this thread: never inside a process
        } catch (OverloadedException e) {                             // open: refused at once, nothing was sent
            outcome = "try again in " + e.retryAfter().map(Duration::toSeconds).orElse(1L) + " s";
        } catch (MedicException e) {                                  // noproc, timeout, exit: counted as failures
            outcome = e.code() + ": " + e.getMessage();
        }
        // --8<--
        assertEquals("noproc: no such process: " + dead, outcome);
        Await.until("search open", () -> search.state() == BreakerState.OPEN);
        Throwable refused = Await.failure(search.callAsync(dead, "query", Duration.ofSeconds(1)));
        assertInstanceOf(OverloadedException.class, refused);
        assertTrue(refused.getMessage().startsWith("breaker \"search\" is open"), refused.getMessage());
        Breakers.of(node).remove("search");
    }
}
