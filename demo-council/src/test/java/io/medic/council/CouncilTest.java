package io.medic.council;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import io.medic.introspection.PortSample;
import io.medic.introspection.Recon;
import io.medic.runtime.ExitReason;
import io.medic.runtime.GenServer;
import io.medic.runtime.Medic;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.Sys;
import io.medic.runtime.ports.InetAttribute;
import io.medic.runtime.ports.Ports;
import io.medic.supervision.ApplicationInfo;
import io.medic.supervision.Applications;
import io.medic.supervision.ChildInfo;
import io.medic.supervision.Supervisor;
import io.medic.testing.Await;
import io.medic.testing.ExpectLog;
import io.medic.testing.Expectation;
import io.medic.testing.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The council as an application, without HTTP: members, seeds, sockets, and OTP's intensity. */
class CouncilTest {

    private static Node start(String name, Council council) {
        return Node.start(name, ConfigFactory.empty(), List.of(council.application()));
    }

    private static List<Verbosity> verbosities(Node node, Council council) {
        List<Verbosity> out = new ArrayList<>();
        for (String name : council.names()) {
            MemberStatus s = Sys.getState(node.pid(name));
            out.add(s.verbosity());
        }
        return out;
    }

    @Test
    void twentySixRegisteredMembersUnderAOneForOneSupervisorInAPermanentApplication() {
        Council council = new Council(26, 7, false);
        try (Node node = start("council-members", council)) {
            Pid top = node.pid(Council.APPLICATION);
            List<ChildInfo> children = Supervisor.whichChildren(top);
            assertEquals(Council.NATO, children.stream().map(ChildInfo::id).toList());
            for (ChildInfo c : children) {
                assertEquals(c.pid(), node.whereis(c.id()).orElseThrow(), "registered under its name: " + c.id());
            }
            ApplicationInfo app = Applications.of(node).get(Council.APPLICATION).orElseThrow();
            assertEquals(io.medic.supervision.Application.StartType.PERMANENT, app.type());
            assertEquals(ApplicationInfo.Status.RUNNING, app.status());
            MemberStatus alfa = Sys.getState(node.pid("Alfa"));
            assertEquals("Alfa", alfa.name());
            assertTrue(alfa.connected() && alfa.port() > 0, "Alfa listens on an OS-chosen port: " + alfa);
            // each member owns its listen socket, the accepted end and the connected end
            Ports ports = Ports.of(node);
            assertEquals(3, ports.ownedBy(node.pid("Alfa")).size());
            assertEquals(3 * 26, ports.count());
        }
    }

    @Test
    void anUnexpectedMessageIsLoggedOnOneLineWhateverItCarries() {
        Council council = new Council(26, 7, false);
        try (Node node = start("council-unexpected", council);
             Expectation warning = LogCapture.expect("WARN", "io.medic.council", "unexpected cast")) {
            GenServer.cast(node.pid("Alfa"), "hi\r\ncouncil member Bravo got an unexpected cast: forged");
            warning.awaitCount(1);
            String line = warning.messages().get(0);
            assertEquals("council member Alfa got an unexpected cast: \"hi\\r\\ncouncil member Bravo got an unexpected "
                    + "cast: forged\"", line);
        }
    }

    @Test
    void seededRunsDrawTheSameVerbosities() {
        Council a = new Council(26, 42, false);
        Council b = new Council(26, 42, false);
        Council c = new Council(26, 43, false);
        List<Verbosity> first;
        List<Verbosity> second;
        List<Verbosity> other;
        try (Node node = start("council-seed-a", a)) {
            first = verbosities(node, a);
        }
        try (Node node = start("council-seed-b", b)) {
            second = verbosities(node, b);
        }
        try (Node node = start("council-seed-c", c)) {
            other = verbosities(node, c);
        }
        assertEquals(first, second, "the same seed draws the same verbosities");
        assertNotEquals(first, other, "another seed draws others");
        Set<Verbosity> seen = new HashSet<>(first);
        assertTrue(seen.size() >= 3, "26 draws cover the verbosities: " + first);
    }

    @Test
    void socketTrafficIsAttributedToTheMembersThatOwnThePorts() {
        Council council = new Council(26, 11, false);
        try (Node node = start("council-bytes", council)) {
            Recon recon = Recon.of(node);
            Await.until("member sockets carry bytes", () -> recon.inetCount(InetAttribute.RECV_OCT, 5).stream()
                    .anyMatch(s -> s.value() > 0));
            Set<String> members = new HashSet<>(council.names());
            for (PortSample s : recon.inetCount(InetAttribute.OCT, 10)) {
                String owner = s.port().owner().entry().registeredName().orElse("?");
                assertTrue(members.contains(owner), "port " + s.port() + " is owned by a member, not " + owner);
            }
            // what a member's accepted socket received is what it counted in its state
            Await.until("some member received packets", () -> council.names().stream().anyMatch(n -> {
                MemberStatus st = Sys.getState(node.pid(n));
                return st.receivedPackets() > 0;
            }));
        }
    }

    @Test
    @ExpectLog(logger = "io.medic.application", message = "exited with reason")
    @ExpectLog(logger = "io.medic.runtime", message = "stopping with exit status")
    @ExpectLog(logger = "io.medic.supervision", message = "reached max restart intensity")
    void killingAMemberTwiceWithinASecondTakesTheCouncilAndTheNodeDown() throws Exception {
        Council council = new Council(26, 5, false);
        Node node = start("council-intensity", council);
        Pid top = node.pid(Council.APPLICATION);
        Pid alfa = node.pid("Alfa");
        Medic.exit(alfa, ExitReason.KILLED);
        Await.until("Alfa is restarted with a new pid", () -> node.whereis("Alfa").filter(p -> !p.equals(alfa)).isPresent());
        Pid alfa2 = node.pid("Alfa");
        // second kill within the 1 s period: 2 restarts > intensity 1
        Medic.exit(alfa2, ExitReason.KILLED);
        assertEquals(ExitReason.SHUTDOWN, Medic.whenExited(top).toCompletableFuture().get(10, TimeUnit.SECONDS),
                "the council's supervisor gives up with reason shutdown");
        assertEquals(1, node.awaitTermination(Duration.ofSeconds(30)),
                "the application is permanent: the node stops with exit status 1");
    }

    @Test
    void membersCanSetTheirSocketsUpOutsideInit() {
        Council council = new Council(5, 3, true);
        try (Node node = start("council-outside-init", council)) {
            Await.until("every member connected outside init", () -> council.names().stream().allMatch(n -> {
                MemberStatus st = Sys.getState(node.pid(n));
                return st.connected();
            }));
            assertEquals(3 * 5, Ports.of(node).count());
        }
    }
}
