package io.medic.runtime.ports;

import io.medic.runtime.NoProcessException;
import io.medic.runtime.Node;
import io.medic.runtime.Pid;
import io.medic.runtime.internal.NodeServices;
import io.medic.runtime.ports.internal.PortTable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A node's ports: Erlang's ports for Medic processes. Sockets and files opened here are owned by a
 * live Medic process, counted (bytes and packets in and out) and counted for their owner
 * ({@link io.medic.runtime.ProcessEntry#ports()}), closed when their owner stops, and listed in the
 * node's port table. recon's port functions over that table ({@code port_types}, {@code inet_count},
 * {@code inet_window}, {@code port_info}) are in the introspection module's {@code Recon}, recon's one
 * home.
 *
 * <pre>{@code
 * Ports ports = Ports.of(node);
 * // inside a GenServer (self() owns the ports; TcpData and TcpClosed arrive in handleInfo):
 * TcpListener listener = ports.listen(self(), new InetSocketAddress("127.0.0.1", 0));
 * TcpSocket client = ports.connect(self(), listener.localAddress().orElseThrow(), Duration.ofSeconds(1));
 * TcpSocket server = listener.accept(self(), Duration.ofSeconds(1));
 * client.send("hello".getBytes(StandardCharsets.UTF_8));      // server's owner gets TcpData(server, "hello")
 * }</pre>
 *
 * <table>
 *   <caption>Erlang / recon correspondence</caption>
 *   <tr><td>{@link #listen}, {@link #connect}, {@link TcpListener#accept}</td><td>{@code gen_tcp:listen/2, connect/3, accept/2} (active modes: {@link Active})</td></tr>
 *   <tr><td>{@link TcpSocket#setActive}</td><td>{@code inet:setopts(Socket, [{active, true | once | false | N}])}</td></tr>
 *   <tr><td>{@link #openFile}</td><td>{@code file:open/2}</td></tr>
 *   <tr><td>{@link #count()}</td><td>{@code length(erlang:ports())}</td></tr>
 *   <tr><td>{@link #entries()}, {@link #get}, {@link #lookup}</td><td>{@code erlang:ports()}, {@code recon_lib:term_to_port/1}</td></tr>
 *   <tr><td>{@link #ownedBy}</td><td>the ports among {@code erlang:process_info(Pid, links)}</td></tr>
 * </table>
 *
 * <p>One per node ({@link #of}); thread-safe. Reading is done by one node-wide selector thread,
 * {@code medic-ports-<node>}, started with the first socket and stopped with the node. Settings, from
 * the node's configuration: {@code medic.ports.send-timeout} (default 5 s) and
 * {@code medic.ports.read-buffer-size} (default 64 KiB). See {@code docs/ports.md}.
 */
public final class Ports {
    private final PortTable table;

    private Ports(PortTable table) {
        this.table = table;
    }

    /** The ports of {@code node} (created with the node's first use of them). */
    public static Ports of(Node node) {
        Objects.requireNonNull(node, "node");
        NodeServices services = NodeServices.get(node.classicSystem());
        return (Ports) services.attachments.computeIfAbsent(Ports.class, k -> new Ports(PortTable.create(services)));
    }

    // ================================================================== opening ports

    /**
     * {@code gen_tcp:listen/2}: a listening socket bound to {@code bind} (port 0: the OS picks one, read it
     * from {@link TcpListener#localAddress()}), owned by {@code owner}. Port name {@code "tcp_inet"}.
     *
     * @throws NullPointerException naming the argument if one is null
     * @throws NoProcessException   if {@code owner} is not alive
     * @throws IOException          naming the address if it cannot be bound, or if the node has terminated
     */
    public TcpListener listen(Pid owner, InetSocketAddress bind) throws IOException {
        return table.listen(owner, bind, 0);
    }

    /** {@link #listen(Pid, InetSocketAddress)} with a connection backlog (0: the system default). */
    public TcpListener listen(Pid owner, InetSocketAddress bind, int backlog) throws IOException {
        return table.listen(owner, bind, backlog);
    }

    /**
     * {@code gen_tcp:connect/3}: connects to {@code remote}, waiting at most {@code timeout} on the calling
     * thread, and returns a socket owned by {@code owner} that is read in {@code {active, true}} mode (see
     * {@link TcpSocket}). Port name {@code "tcp_inet"}.
     *
     * <p>Cost: blocks the calling thread for the TCP handshake (sub-millisecond on loopback).
     *
     * @throws NullPointerException            naming the argument if one is null
     * @throws IllegalArgumentException        if the timeout is not between 1 ms and {@code Integer.MAX_VALUE} ms
     * @throws NoProcessException              if {@code owner} is not alive
     * @throws java.net.ConnectException       naming the address if the connection is refused
     * @throws java.net.SocketTimeoutException naming the address if the timeout elapsed
     * @throws IOException                     naming the address for any other failure
     */
    public TcpSocket connect(Pid owner, InetSocketAddress remote, Duration timeout) throws IOException {
        return table.connect(owner, remote, timeout, Active.TRUE);
    }

    /**
     * {@code gen_tcp:connect/3} with {@code {active, Mode}}: as {@link #connect(Pid, InetSocketAddress, Duration)},
     * the socket being read in {@code mode} from the start (see {@link Active}; with {@link Active#ONCE}
     * or {@link Active#FALSE} nothing is read before the owner asks).
     */
    public TcpSocket connect(Pid owner, InetSocketAddress remote, Duration timeout, Active mode) throws IOException {
        return table.connect(owner, remote, timeout, Objects.requireNonNull(mode, "mode"));
    }

    /**
     * {@code file:open/2}: opens {@code path} with NIO's {@code options} (none: read only) as a port owned
     * by {@code owner}. Port name {@code "efile"}.
     *
     * @throws NoProcessException if {@code owner} is not alive
     * @throws IOException        as {@link java.nio.channels.FileChannel#open(Path, OpenOption...)} (naming the path)
     */
    public FilePort openFile(Pid owner, Path path, OpenOption... options) throws IOException {
        return table.openFile(owner, path, options);
    }

    // ================================================================== the port table

    /** {@code length(erlang:ports())}: open ports on this node. O(1). */
    public int count() {
        return table.count();
    }

    /** {@code erlang:ports()}: a live, unmodifiable view of the open ports; iteration is weakly consistent. */
    public Collection<PortEntry> entries() {
        return table.entries();
    }

    /** The open port numbered {@code id}. */
    public Optional<PortEntry> get(long id) {
        return table.get(id);
    }

    /**
     * The open port named by {@code ref}: {@code "#Port<0.N>"}, {@code "<0.N>"} or {@code "N"}.
     *
     * @throws IllegalArgumentException naming the bad value if {@code ref} is none of those forms
     */
    public Optional<PortEntry> lookup(String ref) {
        return table.lookup(ref);
    }

    /** The ports owned by {@code owner}, by number. Cost: one pass over the table. */
    public List<PortEntry> ownedBy(Pid owner) {
        return table.ownedBy(owner);
    }

    @Override
    public String toString() {
        return "Ports(" + table.count() + " open)";
    }
}
