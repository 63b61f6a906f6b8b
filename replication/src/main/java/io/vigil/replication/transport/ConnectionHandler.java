package io.vigil.replication.transport;

import org.agrona.DirectBuffer;

/**
 * Events of one connection, delivered on the transport thread.
 */
public interface ConnectionHandler
{
    /**
     * The connection is established and may send.
     *
     * @param connection the connection.
     */
    void onOpen(Connection connection);

    /**
     * Bytes arrived. The buffer is the transport's and is reused after this call returns: a handler that needs bytes
     * later must copy them.
     *
     * @param connection the connection.
     * @param buffer     the bytes.
     * @param offset     first byte.
     * @param length     number of bytes.
     */
    void onData(Connection connection, DirectBuffer buffer, int offset, int length);

    /**
     * The connection is closed, by either side or because it failed to open; called once.
     *
     * @param connection the connection.
     */
    void onClose(Connection connection);
}
