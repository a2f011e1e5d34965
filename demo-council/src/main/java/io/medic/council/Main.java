package io.medic.council;

import io.medic.runtime.StartException;
import java.time.Duration;

/**
 * {@code java -jar demo-council/target/medic-demo-council.jar [options]}: runs the council until
 * interrupted (Ctrl-C) or until it goes down, then exits with the node's exit status (1 when the
 * permanent council application terminated, as OTP would stop the node).
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("medic-demo-council: " + e.getMessage());
            System.err.println(Options.USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.println(Options.USAGE);
            return;
        }
        CouncilDemo.Running demo;
        try {
            demo = CouncilDemo.start(options);
        } catch (StartException e) {
            System.err.println("medic-demo-council: could not start: " + e.getMessage());
            System.exit(1);
            return;
        }
        String base = demo.http() + "/medic";
        System.out.println();
        System.out.println("Medic council: " + options.members() + " members, seed " + options.seed()
                + (options.seeded() ? "" : " (rerun with --seed " + options.seed() + " to draw the same council)")
                + (options.connectOutsideInit() ? ", sockets set up outside init" : "")
                + (options.overload() == Overload.Mode.NONE ? "" : ", overload " + options.overload()
                        + ": every member wants an audience with " + demo.council().overloaded())
                + (options.clustered() ? ", a cluster of " + options.nodes() + " nodes" : ""));
        for (int i = 0; i < demo.nodes().size(); i++) {
            String node = options.clustered() ? "node " + io.medic.cluster.MedicCluster.get(demo.nodes().get(i)).nodeName() + " " : "";
            System.out.println(node + "HTTP API: " + demo.urls().get(i) + "/medic"
                    + (options.readOnly() ? "  (read-only; --read-only false enables suspend, kill...)" : ""));
            System.out.println(node + "Dashboard: " + demo.urls().get(i) + "/medic/ui/");
        }
        System.out.println("Try:");
        System.out.println("  curl -s " + base + "/supervision");
        System.out.println("  curl -s '" + base + "/processes/window?attr=reductions&limit=5&window_ms=2000'");
        System.out.println("  curl -s " + base + "/processes/Alfa/state");
        if (options.clustered()) {
            System.out.println("  curl -s " + base + "/cluster/nodes");
            System.out.println("  curl -s '" + base + "/cluster/processes?sort=message_queue_len&limit=10'");
            System.out.println("  curl -s " + base + "/cluster/applications");
        }
        System.out.println("More questions and answers: docs/council.md" + (options.clustered() ? ", docs/cluster.md" : "")
                + ". Ctrl-C to stop.");
        if (options.flood() != null) {
            System.out.println("Flooding " + options.flood() + "'s mailbox until the memory watchdog writes a crash dump to "
                    + io.medic.introspection.CrashDumps.of(demo.node()).directory().toAbsolutePath() + " (docs/crash-dumps.md)");
            Flood.start(demo.node(), options.flood());
        }
        int status = demo.awaitTermination(Duration.ofDays(3650));
        System.exit(status);
    }
}
