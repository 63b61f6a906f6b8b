package io.vigil.replication.transport;

/**
 * Called for each accepted connection, on the transport thread.
 */
@FunctionalInterface
public interface Acceptor
{
    /**
     * @param connection the new connection.
     * @return the handler for its events; the handler's {@link ConnectionHandler#onOpen} is called next.
     */
    ConnectionHandler onAccept(Connection connection);
}
