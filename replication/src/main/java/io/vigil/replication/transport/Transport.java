package io.vigil.replication.transport;

import java.io.IOException;
import java.net.InetSocketAddress;

/**
 * The network as nodes and sentinels see it: listen, connect, and move bytes over non-blocking connections. Nodes
 * never touch sockets directly, so a simulated network can stand in for TCP in tests.
 * <p>
 * A transport is driven by one thread, which calls {@link #poll()} in its duty cycle; every callback of
 * {@link Acceptor} and {@link ConnectionHandler}, and every method of {@link Connection}, runs on that thread only.
 * {@link #wakeup()} is the one method other threads may call.
 */
public interface Transport extends AutoCloseable
{
    /**
     * Listen for connections.
     *
     * @param address  where to listen; port 0 picks a free port.
     * @param acceptor decides what handles each accepted connection.
     * @return the listener, which reports the bound address.
     * @throws IOException if the address cannot be bound.
     */
    Listener listen(InetSocketAddress address, Acceptor acceptor) throws IOException;

    /**
     * Start connecting. The handler's {@link ConnectionHandler#onOpen} runs once connected, or
     * {@link ConnectionHandler#onClose} if the attempt fails.
     *
     * @param address the peer.
     * @param handler receives the connection's events.
     * @return the connection, not yet open.
     * @throws IOException if the attempt cannot even start.
     */
    Connection connect(InetSocketAddress address, ConnectionHandler handler) throws IOException;

    /**
     * Do pending network work without blocking: accept, connect, read, and write what connections have queued.
     *
     * @return amount of work done, 0 if there was none.
     */
    int poll();

    /**
     * Block up to {@code timeoutMs} waiting for network events, unless {@link #wakeup()} is called meanwhile.
     *
     * @param timeoutMs the longest wait.
     */
    void await(long timeoutMs);

    /**
     * Cut short an {@link #await} in progress, or the next one. Any thread.
     */
    void wakeup();

    /**
     * Close every listener and connection.
     */
    void close();
}
