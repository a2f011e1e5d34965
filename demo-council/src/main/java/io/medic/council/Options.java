package io.medic.council;

import java.util.Locale;

/**
 * The demo's command-line options. Each bad value is reported with the option, the value and what was
 * expected.
 *
 * @param members            council size (default 26)
 * @param seed               seed of every random draw; a seeded run is reproducible
 * @param seeded             whether the seed was given (otherwise one is drawn and printed)
 * @param host               HTTP bind address (default 127.0.0.1)
 * @param port               HTTP port (default 8558; 0 picks a free one)
 * @param readOnly           whether the mutating routes are hidden (default true)
 * @param connectOutsideInit the chapter 2 exercise: members open their sockets outside init
 * @param help               print the usage and exit
 * @param overload           the chapter 3 scenario: the first member overloaded, with nothing shedding load
 *                           ({@code drowning}) or behind a bounded mailbox and a valve ({@code shedding})
 * @param nodes              nodes of the council's cluster (default 1: a single node, no cluster); docs/cluster.md
 * @param node               the one node this JVM runs, 0 to nodes - 1 (three JVMs), or -1: all of them (default)
 * @param arteryPort         Akka Artery's port of node 0; node i uses arteryPort + i (default 25520; 0: any free
 *                           port, one JVM only)
 * @param flood              the chapter 6 exercise: the member whose mailbox is flooded until the memory
 *                           watchdog writes a crash dump ({@link Flood}), or null
 */
public record Options(int members, long seed, boolean seeded, String host, int port, boolean readOnly,
                      boolean connectOutsideInit, boolean help, Overload.Mode overload, int nodes, int node,
                      int arteryPort, String flood) {

    /** The options of a single node. */
    public Options(int members, long seed, boolean seeded, String host, int port, boolean readOnly,
                   boolean connectOutsideInit, boolean help, Overload.Mode overload) {
        this(members, seed, seeded, host, port, readOnly, connectOutsideInit, help, overload, 1, -1, 25520, null);
    }

    /** The options of a single node, flooding {@code flood} (the chapter 6 exercise) unless it is null. */
    public Options(int members, long seed, boolean seeded, String host, int port, boolean readOnly,
                   boolean connectOutsideInit, boolean help, Overload.Mode overload, String flood) {
        this(members, seed, seeded, host, port, readOnly, connectOutsideInit, help, overload, 1, -1, 25520, flood);
    }

    /** The options of a council over {@code nodes} nodes, flooding no one. */
    public Options(int members, long seed, boolean seeded, String host, int port, boolean readOnly,
                   boolean connectOutsideInit, boolean help, Overload.Mode overload, int nodes, int node, int arteryPort) {
        this(members, seed, seeded, host, port, readOnly, connectOutsideInit, help, overload, nodes, node, arteryPort, null);
    }

    /** The most nodes {@code --nodes} takes. */
    public static final int MAX_NODES = 9;

    public static final String USAGE = String.join("\n",
            "usage: java -jar demo-council/target/medic-demo-council.jar [options]",
            "  --members N              council size, 1 to " + Council.MAX_MEMBERS + " (default 26)",
            "  --seed S                 seed of every random draw: a seeded run is reproducible (default: random, printed)",
            "  --host H                 HTTP bind address (default 127.0.0.1; anything else needs TLS and users, see docs/introspection.md)",
            "  --port P                 HTTP port, 0 for any free port (default 8558)",
            "  --read-only true|false   hide the mutating routes: suspend, resume, kill, state, log, the council's faults... (default true)",
            "  --connect-outside-init   members open their sockets outside init (Erlang in Anger, chapter 2 exercise)",
            "  --overload MODE          none, drowning or shedding: everyone wants an audience with Alfa, which cannot",
            "                           keep up; shedding puts it behind a bounded mailbox and a valve (chapter 3, docs/council.md)",
            "  --nodes N                a cluster of N nodes, 1 to " + MAX_NODES + ", members spread over them (default 1; docs/cluster.md)",
            "  --node I                 run only node I (0 to N-1) in this JVM: one JVM per node (default: all in this JVM)",
            "  --artery-port P          cluster port of node 0, node I uses P+I (default 25520; 0 for any, one JVM only)",
            "  --flood MEMBER           hold MEMBER and flood its mailbox until the memory watchdog writes a crash dump",
            "                           (chapter 6 exercise; run with a small heap: java -Xmx256m -jar ...; docs/crash-dumps.md)",
            "  --help                   this text");

    public static Options defaults() {
        return new Options(26, System.nanoTime() ^ Double.doubleToLongBits(Math.random()), false, "127.0.0.1", 8558,
                true, false, false, Overload.Mode.NONE, null);
    }

    /** Parses {@code --name value} or {@code --name=value}. */
    public static Options parse(String... args) {
        Builder b = new Builder(defaults());
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            String name = arg;
            String value = null;
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                name = arg.substring(0, eq);
                value = arg.substring(eq + 1);
            }
            switch (name) {
                case "--help", "-h" -> b.help = true;
                case "--connect-outside-init" -> b.connectOutsideInit = value == null || bool(name, value);
                case "--members", "--seed", "--host", "--port", "--read-only", "--overload", "--nodes", "--node",
                     "--artery-port", "--flood" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(name + ": missing value");
                        }
                        value = args[++i];
                    }
                    set(b, name, value);
                }
                default -> throw new IllegalArgumentException("unknown option '" + arg + "'");
            }
        }
        Options o = b.build();
        if (o.node >= o.nodes) {
            throw new IllegalArgumentException("--node: bad value '" + o.node + "', expected an integer from 0 to "
                    + (o.nodes - 1) + " (--nodes " + o.nodes + ")");
        }
        if (o.arteryPort == 0 && o.node >= 0) {
            throw new IllegalArgumentException("--artery-port: bad value '0' with --node, expected the fixed port of node 0"
                    + " (the nodes of other JVMs find each other by it)");
        }
        if (o.arteryPort + o.nodes - 1 > 65535) {
            throw new IllegalArgumentException("--artery-port: bad value '" + o.arteryPort + "', expected at most "
                    + (65535 - o.nodes + 1) + " for " + o.nodes + " nodes");
        }
        return o;
    }

    /** Whether the council runs as a cluster ({@code --nodes} above 1). */
    public boolean clustered() {
        return nodes > 1;
    }

    /** One option that takes a value (the names {@link #parse} sends here). */
    private static void set(Builder b, String name, String value) {
        switch (name) {
            case "--members" -> b.members = integer(name, value, 1, Council.MAX_MEMBERS);
            case "--seed" -> {
                try {
                    b.seed = Long.parseLong(value.trim());
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException(name + ": bad value '" + value + "', expected an integer");
                }
                b.seeded = true;
            }
            case "--host" -> {
                if (value.isBlank()) {
                    throw new IllegalArgumentException(name + ": bad value '', expected a host name or address");
                }
                b.host = value.trim();
            }
            case "--port" -> b.port = integer(name, value, 0, 65535);
            case "--overload" -> b.overload = Overload.Mode.parse(name, value);
            case "--nodes" -> b.nodes = integer(name, value, 1, MAX_NODES);
            case "--node" -> b.node = integer(name, value, 0, MAX_NODES - 1);
            case "--artery-port" -> b.arteryPort = integer(name, value, 0, 65535);
            case "--flood" -> {
                if (value.isBlank()) {
                    throw new IllegalArgumentException(name + ": bad value '', expected a member's name (Alfa, Bravo ...)");
                }
                b.flood = value.trim();
            }
            default -> b.readOnly = bool(name, value); // --read-only
        }
    }

    private static int integer(String name, String value, int min, int max) {
        try {
            int v = Integer.parseInt(value.trim());
            if (v < min || v > max) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ": bad value '" + value + "', expected an integer from " + min
                    + " to " + max);
        }
    }

    private static boolean bool(String name, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "on", "yes" -> true;
            case "false", "off", "no" -> false;
            default -> throw new IllegalArgumentException(name + ": bad value '" + value + "', expected true or false");
        };
    }

    /** The options being parsed, from the defaults. */
    private static final class Builder {
        int members;
        long seed;
        boolean seeded;
        String host;
        int port;
        boolean readOnly;
        boolean connectOutsideInit;
        boolean help;
        Overload.Mode overload;
        int nodes;
        int node;
        int arteryPort;
        String flood;

        Builder(Options o) {
            members = o.members;
            seed = o.seed;
            seeded = o.seeded;
            host = o.host;
            port = o.port;
            readOnly = o.readOnly;
            connectOutsideInit = o.connectOutsideInit;
            help = o.help;
            overload = o.overload;
            nodes = o.nodes;
            node = o.node;
            arteryPort = o.arteryPort;
            flood = o.flood;
        }

        Options build() {
            if (connectOutsideInit && overload != Overload.Mode.NONE) {
                throw new IllegalArgumentException("--overload: bad combination --overload " + overload
                        + " with --connect-outside-init, expected one of the two exercises at a time");
            }
            if (flood != null && nodes > 1) {
                throw new IllegalArgumentException("--flood: bad value '" + flood + "' with --nodes " + nodes
                        + ", expected a single node (the chapter 6 exercise floods a member of this JVM's node)");
            }
            if (flood != null && !Council.names(members).contains(flood)) {
                throw new IllegalArgumentException("--flood: bad value '" + flood + "', expected a member of this council ("
                        + Council.names(members).get(0) + " ... " + Council.names(members).get(members - 1) + ")");
            }
            return new Options(members, seed, seeded, host, port, readOnly, connectOutsideInit, help, overload, nodes, node,
                    arteryPort, flood);
        }
    }
}
