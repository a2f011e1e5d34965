package io.medic.council;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The demo's command line: each form of each option, and each bad value named with what was expected. */
class OptionsTest {

    @Test
    void defaultsAndEveryOptionInBothForms() {
        Options d = Options.parse();
        assertEquals(26, d.members());
        assertEquals("127.0.0.1", d.host());
        assertEquals(8558, d.port());
        assertTrue(d.readOnly());
        assertFalse(d.seeded() || d.connectOutsideInit() || d.help());

        Options o = Options.parse("--members", "5", "--seed=42", "--host", " 0.0.0.0 ", "--port=0",
                "--read-only", "off", "--connect-outside-init");
        assertEquals(new Options(5, 42, true, "0.0.0.0", 0, false, true, false, Overload.Mode.NONE, null), o);
        assertFalse(Options.parse("--connect-outside-init=false").connectOutsideInit());
        assertTrue(Options.parse("-h").help());
        assertEquals(1, d.nodes());
        assertFalse(d.clustered());
        Options c = Options.parse("--nodes", "3", "--node=2", "--artery-port", "30000");
        assertEquals(List.of(3, 2, 30000), List.of(c.nodes(), c.node(), c.arteryPort()));
        assertTrue(c.clustered());
        assertEquals(Overload.Mode.NONE, d.overload());
        assertEquals(Overload.Mode.SHEDDING, Options.parse("--overload", "shedding").overload());
        assertEquals(Overload.Mode.DROWNING, Options.parse("--overload=Drowning").overload());
    }

    @Test
    void badValuesNameTheOptionTheValueAndTheExpectation() {
        String[][] cases = {
            {"--members 0", "--members: bad value '0', expected an integer from 1 to " + Council.MAX_MEMBERS},
            {"--seed x", "--seed: bad value 'x', expected an integer"},
            {"--port 70000", "--port: bad value '70000', expected an integer from 0 to 65535"},
            {"--read-only maybe", "--read-only: bad value 'maybe', expected true or false"},
            {"--connect-outside-init=nah", "--connect-outside-init: bad value 'nah', expected true or false"},
            {"--bogus", "unknown option '--bogus'"},
            {"--members", "--members: missing value"},
            {"--nodes 10", "--nodes: bad value '10', expected an integer from 1 to " + Options.MAX_NODES},
            {"--nodes 3 --node 3", "--node: bad value '3', expected an integer from 0 to 2 (--nodes 3)"},
            {"--nodes 3 --node 1 --artery-port 0", "--artery-port: bad value '0' with --node, expected the fixed port"
                    + " of node 0 (the nodes of other JVMs find each other by it)"},
            {"--nodes 3 --artery-port 65534", "--artery-port: bad value '65534', expected at most 65533 for 3 nodes"},
            {"--overload sinking", "--overload: bad value 'sinking', expected none, drowning or shedding"},
            {"--overload shedding --connect-outside-init", "--overload: bad combination --overload shedding with"
                    + " --connect-outside-init, expected one of the two exercises at a time"},
        };
        for (String[] c : cases) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> Options.parse(c[0].split(" ")), c[0]);
            assertEquals(c[1], e.getMessage());
        }
        IllegalArgumentException host = assertThrows(IllegalArgumentException.class, () -> Options.parse("--host="));
        assertEquals("--host: bad value '', expected a host name or address", host.getMessage());
    }
}
