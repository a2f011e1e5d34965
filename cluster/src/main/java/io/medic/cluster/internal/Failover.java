package io.medic.cluster.internal;

import akka.actor.ActorRef;
import akka.actor.PoisonPill;
import akka.actor.Props;
import akka.cluster.singleton.ClusterSingletonManager;
import akka.cluster.singleton.ClusterSingletonManagerSettings;
import akka.cluster.singleton.ClusterSingletonProxy;
import akka.cluster.singleton.ClusterSingletonProxySettings;
import io.medic.cluster.FailoverApplication;
import io.medic.cluster.FailoverStatus;
import io.medic.runtime.Medic;
import io.medic.supervision.ApplicationInfo;
import io.medic.supervision.Applications;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeoutException;

/**
 * INTERNAL API
 *
 * <p>A node's side of the failover applications: the ones it may run (its {@link FailoverApplication}
 * components), starting and stopping them when the cluster's {@link FailoverCoordinator} says, and
 * reporting to the coordinator what it may run, what it runs and what failed to start here — when a
 * (new) coordinator says hello, and after every change. The coordinator is an Akka Cluster Singleton
 * ({@code /system/medic-failover}) that every node's agent reaches through its proxy.
 */
public final class Failover {
    static final String SINGLETON = "medic-failover";

    private final ClusterServices cluster;
    private final ConcurrentHashMap<String, FailoverApplication> local = new ConcurrentHashMap<>();
    /** Applications whose last start here failed: the coordinator tries another node. */
    private final Set<String> failed = ConcurrentHashMap.newKeySet();
    private final ActorRef proxy;

    /** The agent's own reminder to report (never sent over the network). */
    enum Changed { CHANGED }

    Failover(ClusterServices cluster) {
        this.cluster = cluster;
        cluster.system.systemActorOf(ClusterSingletonManager.props(Props.create(FailoverCoordinator.class,
                        () -> new FailoverCoordinator(cluster.settings.failoverSyncTimeout())), PoisonPill.getInstance(),
                ClusterSingletonManagerSettings.create(cluster.system)), SINGLETON);
        this.proxy = cluster.system.systemActorOf(ClusterSingletonProxy.props("/system/" + SINGLETON,
                ClusterSingletonProxySettings.create(cluster.system)), SINGLETON + "-proxy");
    }

    public CompletionStage<?> register(FailoverApplication app) {
        if (local.putIfAbsent(app.name(), app) != null) {
            return CompletableFuture.failedFuture(new IllegalStateException("node " + cluster.nodeName()
                    + " already has a failover application named " + app.name()));
        }
        cluster.agent.tell(Changed.CHANGED, ActorRef.noSender());
        return CompletableFuture.completedFuture(null);
    }

    /**
     * Where each failover application runs, from the coordinator; fails with a {@link TimeoutException}
     * if it does not answer in time (it is moving: its node went).
     */
    public CompletionStage<List<FailoverStatus>> status(Duration timeout) {
        return Asks.ask(proxy, Wire.FailoverStatusReq::new, timeout, cluster.system.dispatcher())
                .handle((r, e) -> {
                    if (e == null) {
                        return ((Wire.FailoverStatusRes) r).apps();
                    }
                    Throwable cause = io.medic.runtime.Jvm.unwrap(e);
                    if (cause instanceof akka.pattern.AskTimeoutException) {
                        throw new java.util.concurrent.CompletionException(new TimeoutException("the failover coordinator "
                                + "did not answer within " + timeout.toMillis() + " ms: it runs on the oldest node and "
                                + "moves when that node goes (then it waits for the nodes' reports); try again"));
                    }
                    throw e instanceof java.util.concurrent.CompletionException c ? c : new java.util.concurrent.CompletionException(e);
                });
    }

    /** On the agent: the coordinator's messages and this node's changes; false for anything else. */
    boolean handle(Object m, ActorRef agent) {
        if (m == Changed.CHANGED || m instanceof Wire.FailoverHello) {
            report(agent);
            return true;
        }
        if (m instanceof Wire.FailoverStart s) {
            start(s.app(), agent);
            return true;
        }
        if (m instanceof Wire.FailoverStop s) {
            FailoverApplication app = local.get(s.app());
            if (app != null && running(app.name())) {
                ClusterServices.LOG.info("failover application {}: stopping on {} (taken over)", app.name(), cluster.nodeName());
                Applications.of(cluster.node).stop(app.name()).whenComplete((x, e) -> agent.tell(Changed.CHANGED, agent));
            } else {
                report(agent);
            }
            return true;
        }
        return false;
    }

    private void start(String name, ActorRef agent) {
        FailoverApplication app = local.get(name);
        if (app == null || running(name)) {
            report(agent);
            return;
        }
        failed.remove(name);
        ClusterServices.LOG.info("failover application {}: starting on {}", name, cluster.nodeName());
        Applications.of(cluster.node).start(app.application()).whenComplete((pid, e) -> {
            if (e != null) {
                failed.add(name);
            } else {
                Medic.whenExited(pid).thenAccept(r -> agent.tell(Changed.CHANGED, agent));
            }
            agent.tell(Changed.CHANGED, agent);
        });
    }

    private boolean running(String name) {
        return Applications.of(cluster.node).get(name).map(i -> i.status() == ApplicationInfo.Status.RUNNING).orElse(false);
    }

    private void report(ActorRef agent) {
        List<Wire.AppSpec> specs = new ArrayList<>();
        List<String> running = new ArrayList<>();
        for (FailoverApplication a : local.values()) {
            specs.add(new Wire.AppSpec(a.name(), a.nodes(), a.takeover()));
            if (running(a.name())) {
                running.add(a.name());
            }
        }
        proxy.tell(new Wire.FailoverReport(agent, specs, running, List.copyOf(failed)), agent);
    }
}
