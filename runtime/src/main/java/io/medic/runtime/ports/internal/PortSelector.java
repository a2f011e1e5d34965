package io.medic.runtime.ports.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.slf4j.Logger;

/**
 * INTERNAL API
 *
 * <p>The node's one I/O thread ({@code medic-ports-<node>}, a daemon): a NIO selector that reads every
 * open {@link TcpSocketImpl} whose active mode lets it read, and wakes senders waiting for room. Each ready socket gets one read of at
 * most one buffer (64 KiB by default) per round, so one busy socket cannot starve the others. Tasks
 * handed to {@link #execute} run on this thread between rounds, in order.
 */
final class PortSelector implements Runnable {
    private final Selector selector;
    private final ByteBuffer buffer;
    private final Thread thread;
    private final Logger log;
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private volatile boolean running = true;

    PortSelector(String threadName, int readBufferBytes, Logger log) throws IOException {
        this.selector = Selector.open();
        this.buffer = ByteBuffer.allocateDirect(readBufferBytes);
        this.log = log;
        this.thread = new Thread(this, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Registers a non-blocking socket with interest {@code ops} ({@code OP_READ} or none), attached to its
     * port, and wakes the selector to see it.
     */
    SelectionKey register(SocketChannel channel, TcpSocketImpl port, int ops) throws ClosedChannelException {
        SelectionKey k = channel.register(selector, ops, port);
        selector.wakeup();
        return k;
    }

    /** Runs {@code task} on the selector thread, after the current round. */
    void execute(Runnable task) {
        tasks.add(task);
        selector.wakeup();
    }

    void wakeup() {
        selector.wakeup();
    }

    /** Stops the thread and closes the selector; waits for it at most {@code millis}. */
    void shutdown(long millis) {
        running = false;
        selector.wakeup();
        if (Thread.currentThread() != thread) {
            try {
                thread.join(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void run() {
        try {
            while (running) {
                try {
                    selector.select(this::handle);
                    runTasks();
                } catch (ClosedSelectorException e) {
                    return;
                } catch (IOException | RuntimeException e) {
                    log.warn("{}: select failed, continuing: {}", thread.getName(), e.toString());
                }
            }
        } finally {
            try {
                selector.close();
            } catch (IOException e) {
                log.debug("{}: closing the selector failed: {}", thread.getName(), e.toString());
            }
        }
    }

    private void handle(SelectionKey k) {
        TcpSocketImpl port = (TcpSocketImpl) k.attachment();
        try {
            int ready = k.readyOps();
            if ((ready & SelectionKey.OP_WRITE) != 0) {
                port.onWritable(k);
            }
            if ((ready & SelectionKey.OP_READ) != 0) {
                port.onReadable(k, buffer);
            }
        } catch (CancelledKeyException e) {
            // closed by another thread during this round
        } catch (RuntimeException e) {
            log.warn("{}: {} failed, closing it: {}", thread.getName(), port.describe(), e.toString());
            port.fail();
        }
    }

    private void runTasks() {
        Runnable t;
        while ((t = tasks.poll()) != null) {
            try {
                t.run();
            } catch (RuntimeException e) {
                log.warn("{}: a task failed: {}", thread.getName(), e.toString());
            }
        }
    }
}
