package com.example.shop;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.medic.introspection.MedicManagement;
import io.medic.runtime.GenServer;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

/**
 * Starts a node running the shop application with Medic's HTTP API, counts once, then serves until
 * Ctrl-C (or until the application dies: exit status 1). With {@code --check} it binds any free port,
 * asks its own HTTP API, prints the answers and exits: 0 if all answered, 1 if not.
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        boolean check = List.of(args).contains("--check");
        System.exit(run(ConfigFactory.empty(), check, System.out)); // application.conf applies as usual
    }

    /** Runs the shop and returns the exit status; on a failure, prints why and how to fix it. */
    public static int run(Config config, boolean check, PrintStream out) {
        if (check) {
            config = ConfigFactory.parseString("akka.management.http.port = 0").withFallback(config);
        }
        Node node;
        try {
            node = Node.start("shop", config, List.of(Shop.application())); // the tree is up when this returns
        } catch (RuntimeException e) {
            out.println("shop did not start: " + e.getMessage());
            return 1;
        }
        try {
            URI http = MedicManagement.start(node);             // http://127.0.0.1:8558 unless configured
            out.println("Medic's HTTP API: " + http + "/medic");
            Pid counter = node.pid("counter");                  // whereis(counter)
            GenServer.cast(counter, "increment");               // gen_server:cast(counter, increment)
            long count = GenServer.call(counter, "get", Duration.ofSeconds(5));
            out.println("count = " + count);
            if (check) {
                return askItself(http, out);
            }
            out.println("Serving until Ctrl-C.");
            return node.exitStatus().toCompletableFuture().join(); // 1 if the permanent application dies
        } catch (RuntimeException e) {
            out.println("shop failed: " + e.getMessage()); // a taken port: the message says how to fix it
            return 1;
        } finally {
            node.close();
        }
    }

    /** GETs what a user asks a node first, prints each answer; 0 if every one was 200 OK. */
    private static int askItself(URI http, PrintStream out) {
        HttpClient client = HttpClient.newHttpClient();
        int status = 0;
        for (String path : List.of("/medic/supervision", "/medic/processes/counter/state")) {
            HttpRequest request = HttpRequest.newBuilder(http.resolve(path)).timeout(Duration.ofSeconds(10)).build();
            try {
                HttpResponse<String> r = client.send(request, HttpResponse.BodyHandlers.ofString());
                out.println("GET " + path + " -> " + r.statusCode() + " " + r.body());
                status = r.statusCode() == 200 ? status : 1;
            } catch (IOException e) {
                out.println("GET " + path + " failed: " + e);
                status = 1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
        return status;
    }
}
