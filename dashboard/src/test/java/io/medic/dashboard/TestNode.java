package io.medic.dashboard;

import com.typesafe.config.ConfigFactory;
import io.medic.introspection.MedicManagement;
import io.medic.runtime.ExitReason;
import io.medic.runtime.From;
import io.medic.runtime.GenServer;
import io.medic.runtime.Medic;
import io.medic.runtime.MailboxPolicy;
import io.medic.runtime.Node;
import io.medic.runtime.overload.Breaker;
import io.medic.runtime.overload.BreakerSettings;
import io.medic.runtime.overload.BreakerState;
import io.medic.runtime.overload.Breakers;
import io.medic.runtime.overload.Valve;
import io.medic.runtime.overload.ValveSettings;
import io.medic.runtime.overload.Valves;
import io.medic.runtime.Pid;
import io.medic.runtime.ports.Ports;
import io.medic.runtime.ports.TcpListener;
import io.medic.runtime.ports.TcpSocket;
import io.medic.supervision.Application;
import io.medic.supervision.ChildSpec;
import io.medic.supervision.RestartType;
import io.medic.supervision.SupervisorFlags;
import io.medic.supervision.SupervisorSpec;
import io.medic.testing.Await;
import io.medic.testing.Gate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;

/**
 * A node for the dashboard's tests, serving /medic on a free loopback port with Medic's Basic
 * authentication ({@link #ADMIN} {@code ops}, {@link #READER} {@code viewer}), and a small population
 * under an application {@code shop}: processes whose name and state carry HTML (the XSS checks), one
 * with a big state (tops memory), one suspended with a full mailbox (tops the queue), a nested
 * supervisor, a ticking process, processes for the destructive buttons, a process owning sockets, and a
 * {@code crasher} under a supervisor of its own that crashed once (an exception whose message carries
 * HTML: a crash report) and was then killed (no report), so that its crash history has both; a mailbox
 * that raises the system monitor's long_message_queue and a blocker for its long_schedule; a shedder with
 * a bounded mailbox that dropped messages, an open breaker and a valve.
 */
final class TestNode implements AutoCloseable {
    static final String ADMIN = "ops";
    static final String ADMIN_PASSWORD = "ops-secret";
    static final String READER = "viewer";
    static final String READER_PASSWORD = "viewer-secret";

    /** A registered name that would run scripts if a page put it through an HTML parser. */
    static final String EVIL_NAME = "evil\"><script>window.__xss='name'</script><img/src=x/onerror=window.__xss='img'>";
    /** Text in a state that would run a script if rendered as HTML. */
    static final String EVIL_OWNER = "<img src=x onerror=window.__xss='state'>";
    static final String EVIL_ITEM = "</pre><script>window.__xss='item'</script><b>bold</b>";
    static final int FLOOD = 40;
    /** The shedder's bounded mailbox, and how many casts it is sent while held in a handler. */
    static final int SHEDDER_CAPACITY = 3;
    static final int SHEDDER_SENT = 10;
    /** The message of the crasher's crash: {@code crash on purpose} (the tests' expected log) and HTML. */
    static final String CRASH_MESSAGE = "crash on purpose <img src=x onerror=window.__xss='crash'>";

    final Node node;
    final URI base;
    /** The crasher's first incarnation, which crashed with {@link #CRASH_MESSAGE} and wrote a report. */
    Pid crashed;
    /** The crasher's second incarnation, killed: no report. */
    Pid killed;
    /** The gate the blocker's handler of {@code block} waits at. */
    final Gate blockerGate;

    /** Released when the node closes: the shedder is held in a handler until then. */
    private final CountDownLatch shedderRelease = new CountDownLatch(1);

    /** A cast that holds a {@link Holder} in its handler until {@code release} (no time limit, unlike a Gate). */
    record Hold(CountDownLatch entered, CountDownLatch release) {
    }

    /** The cart's state: a record, so that replace_state can read one from JSON. */
    record Cart(String owner, List<String> items, int total) {
    }

    private TestNode(Node node, URI base, Gate blockerGate) {
        this.node = node;
        this.base = base;
        this.blockerGate = blockerGate;
    }

    /** Starts a node named {@code name}; {@code readOnly} sets the mutating routes off. */
    static TestNode start(String name, boolean readOnly) {
        Gate gate = new Gate();
        Node node = Node.start(name, ConfigFactory.parseString(String.join("\n",
                "akka.management.http.hostname = \"127.0.0.1\"",
                "akka.management.http.port = 0",
                "akka.management.http.route-providers-read-only = " + readOnly,
                "medic.memory.refresh-interval = 10ms",
                // the system monitor: the flooded mailbox raises long_message_queue, the blocker long_schedule
                "medic.monitor.long-message-queue { enable = 30, disable = 10 }",
                "medic.monitor.long-schedule.threshold = 100ms",
                "medic.http.auth.users {",
                "  " + ADMIN + " { password = \"" + ADMIN_PASSWORD + "\", roles = [\"admin\"] }",
                "  " + READER + " { password = \"" + READER_PASSWORD + "\", roles = [] }",
                "}")), List.of(application(gate)));
        try {
            TestNode t = new TestNode(node, MedicManagement.start(node), gate);
            t.populate();
            return t;
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    private static Application application(Gate gate) {
        SupervisorSpec pool = SupervisorSpec.of(SupervisorFlags.oneForOne().withIntensity(5).withPeriod(Duration.ofSeconds(10)),
                ChildSpec.worker("worker-1", () -> new Holder("w1")).withName("worker-1"),
                ChildSpec.worker("worker-2", () -> new Holder("w2")).withName("worker-2"));
        SupervisorSpec top = SupervisorSpec.of(SupervisorFlags.oneForOne().withIntensity(3).withPeriod(Duration.ofSeconds(5)),
                ChildSpec.worker("cart", CartServer::new).withName("cart"),
                ChildSpec.worker("evil", () -> new Holder(EVIL_ITEM)).withName(EVIL_NAME),
                ChildSpec.worker("hog", Hog::new).withName("hog"),
                ChildSpec.worker("flooded", () -> new Holder("flooded")).withName("flooded"),
                ChildSpec.worker("ticker", Ticker::new).withName("ticker"),
                ChildSpec.worker("porter", () -> new Holder("porter")).withName("porter"),
                ChildSpec.worker("blocker", () -> new Blocker(gate)).withName("blocker"),
                ChildSpec.worker("shedder", () -> new Holder("shedder")).withName("shedder")
                        .withMailbox(MailboxPolicy.bounded(SHEDDER_CAPACITY)),
                ChildSpec.worker("victim", () -> new Holder("victim")).withName("victim").withRestart(RestartType.TEMPORARY),
                ChildSpec.worker("note", CartServer::new).withName("note").withRestart(RestartType.TEMPORARY),
                ChildSpec.supervisor("pool", pool),
                // its own budget (10 in an hour): its crashes leave the others' budgets alone
                ChildSpec.supervisor("crashy", SupervisorSpec.of(SupervisorFlags.oneForOne().withIntensity(10)
                        .withPeriod(Duration.ofHours(1)), ChildSpec.worker("crasher", Crasher::new).withName("crasher"))).withName("crashy"));
        return Application.permanent("shop", top);
    }

    /**
     * Fills the mailbox of {@code flooded} (suspended), sizes the hog's state, opens the porter's sockets,
     * crashes the crasher and then kills it.
     */
    private void populate() {
        shed();
        crashed = pid("crasher");
        GenServer.cast(crashed, "crash");
        killed = restarted("crasher", crashed);
        Medic.exit(killed, ExitReason.KILLED);
        restarted("crasher", killed);
        Pid flooded = pid("flooded");
        io.medic.runtime.Sys.suspend(flooded);
        for (int i = 0; i < FLOOD; i++) {
            GenServer.cast(flooded, "queued-" + i);
        }
        GenServer.call(pid("hog"), "touch", Duration.ofSeconds(10)); // its state estimate follows a message
        Await.until("the hog's state is estimated", () -> pid("hog").entry().memory() > 100_000);
        io.medic.runtime.Sys.statistics(pid("cart"), true);
        GenServer.cast(pid("cart"), "add:pear");
        try {
            Ports ports = Ports.of(node);
            Pid porter = pid("porter");
            TcpListener listener = ports.listen(porter, new InetSocketAddress("127.0.0.1", 0));
            TcpSocket client = ports.connect(porter, listener.localAddress().orElseThrow(), Duration.ofSeconds(10));
            listener.accept(porter, Duration.ofSeconds(10));
            client.send("hello, ports".getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Holds the shedder in a handler and sends it {@link #SHEDDER_SENT} casts: its bounded mailbox (keep_old) keeps
     * {@link #SHEDDER_CAPACITY} and drops what does not fit. Opens the breaker {@code payments} (owned by the cart)
     * with two failures, and makes the valve {@code db} run one job and refuse none.
     */
    private void shed() {
        Pid shedder = pid("shedder");
        // held inside a handler, not suspended: a suspended process still takes messages in (it holds them
        // outside its mailbox), and a machine where it kept up with the casts saw no drop at all
        // held by a latch of its own, for the node's life: a Gate lets its process go after Gate.HOLD_SECONDS
        // by crashing it, and a class of browser tests that ran longer saw the shedder's crash report and a
        // restart in shop's budget (the supervision test's "restarts 0/3")
        CountDownLatch entered = new CountDownLatch(1);
        GenServer.cast(shedder, new Hold(entered, shedderRelease));
        Await.until("the shedder is held in its handler", () -> entered.getCount() == 0);
        for (int i = 0; i < SHEDDER_SENT; i++) {
            GenServer.cast(shedder, "shed-" + i);
        }
        Await.until("the shedder dropped what its mailbox could not keep", () -> shedder.entry().dropped() > 0);
        Breaker payments = Breakers.of(node).create(BreakerSettings.named("payments").withMaxFailures(2)
                .withResetTimeout(Duration.ofHours(1)), pid("cart"));
        for (int i = 0; i < 2; i++) {
            payments.protect(() -> CompletableFuture.failedFuture(new IllegalStateException("payments down")))
                    .toCompletableFuture().handle((v, e) -> e).join();
        }
        Await.until("the payments breaker is open", () -> payments.state() == BreakerState.OPEN);
        Breakers.of(node).create(BreakerSettings.named("search"));
        Valve db = Valves.of(node).create(ValveSettings.of("db", 2, 5, Duration.ofSeconds(1)));
        db.submit(() -> CompletableFuture.completedFuture("row")).toCompletableFuture().join();
    }

    Pid pid(String name) {
        return node.pid(name);
    }

    /** The pid registered as {@code name} once it is another than {@code old}. */
    private Pid restarted(String name, Pid old) {
        Await.until(name + " restarted after " + old, () -> node.whereis(name).filter(p -> !p.equals(old)).isPresent());
        return pid(name);
    }

    /** The page at {@code fragment} ({@code #/processes}), with {@code user}'s credentials in the URL. */
    String page(String user, String password, String fragment) {
        return "http://" + user + ":" + password + "@" + base.getHost() + ":" + base.getPort() + "/medic/ui/" + fragment;
    }

    @Override
    public void close() {
        blockerGate.open();
        shedderRelease.countDown();
        Gate.openAll();
        node.close();
    }

    // ================================================================== the population

    /** A server holding a string state; it accepts any cast, call and info. */
    static final class Holder extends GenServer<String> {
        private final String initial;

        Holder(String initial) {
            this.initial = initial;
        }

        @Override
        protected Init<String> init() {
            return ok(initial);
        }

        @Override
        protected Result<String> handleCall(Object request, From from, String state) {
            return reply("ok", state);
        }

        @Override
        protected Result<String> handleCast(Object message, String state) {
            if (message instanceof Hold hold) {
                hold.entered().countDown();
                try {
                    hold.release().await(); // until the node closes
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            } else if (message instanceof Gate g) {
                try {
                    g.pass(); // held here until the gate opens (the shedder: until the node closes)
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return noreply(state);
        }

        @Override
        protected Result<String> handleInfo(Object message, String state) {
            return noreply(state); // TcpData and TcpClosed for the porter
        }
    }

    /** A cart whose state carries HTML. */
    static final class CartServer extends GenServer<Cart> {
        @Override
        protected Init<Cart> init() {
            return ok(new Cart(EVIL_OWNER, List.of("apple", EVIL_ITEM), 2));
        }

        @Override
        protected Result<Cart> handleCast(Object message, Cart state) {
            if (message instanceof String s && s.startsWith("add:")) {
                List<String> items = new ArrayList<>(state.items());
                items.add(s.substring(4));
                return noreply(new Cart(state.owner(), items, state.total() + 1));
            }
            return noreply(state);
        }
    }

    /** A server with a big state: the top of memory_bytes. */
    static final class Hog extends GenServer<List<String>> {
        @Override
        protected Init<List<String>> init() {
            List<String> big = new ArrayList<>();
            for (int i = 0; i < 5000; i++) {
                big.add("entry number " + i + " of the hog's state");
            }
            return ok(big);
        }

        @Override
        protected Result<List<String>> handleCall(Object request, From from, List<String> state) {
            return reply("ok", state);
        }
    }

    /** A server whose handler of the cast {@code block} waits at a gate: a long handler. */
    static final class Blocker extends GenServer<String> {
        private final Gate gate;

        Blocker(Gate gate) {
            this.gate = gate;
        }

        @Override
        protected Init<String> init() {
            return ok("blocker");
        }

        @Override
        protected Result<String> handleCast(Object message, String state) {
            if ("block".equals(message)) {
                try {
                    gate.pass();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return noreply(state);
        }
    }

    /** A server that crashes on the cast {@code crash}, with {@link #CRASH_MESSAGE}. */
    static final class Crasher extends GenServer<Integer> {
        @Override
        protected Init<Integer> init() {
            return ok(0);
        }

        @Override
        protected Result<Integer> handleCast(Object message, Integer n) {
            if ("crash".equals(message)) {
                throw new IllegalStateException(CRASH_MESSAGE);
            }
            return noreply(n + 1);
        }
    }

    /** A server that sends itself a tick every 50 ms: a process whose counters always move. */
    static final class Ticker extends GenServer<Long> {
        @Override
        protected Init<Long> init() {
            sendAfter(Duration.ofMillis(50), "tick");
            return ok(0L);
        }

        @Override
        protected Result<Long> handleInfo(Object message, Long n) {
            sendAfter(Duration.ofMillis(50), "tick");
            return noreply(n + 1);
        }
    }
}
