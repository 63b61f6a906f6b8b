package io.vigil.replication.transport;

import org.agrona.DirectBuffer;

import java.net.InetSocketAddress;

/**
 * One non-blocking, bidirectional byte stream. Every method runs on the transport thread.
 */
public interface Connection
{
    /**
     * @return an identifier unique within the transport, increasing from 1.
     */
    long id();

    /**
     * @return the peer's address.
     */
    InetSocketAddress remoteAddress();

    /**
     * @return this end's address.
     */
    InetSocketAddress localAddress();

    /**
     * Queue bytes to send; they are copied. Queued bytes are written when the transport polls.
     *
     * @param buffer source.
     * @param offset first byte.
     * @param length number of bytes.
     */
    void send(DirectBuffer buffer, int offset, int length);

    /**
     * @return bytes queued and not yet written to the network.
     */
    long pendingBytes();

    /**
     * Stop or resume delivering {@link ConnectionHandler#onData}, to apply backpressure.
     *
     * @param paused true to stop reading.
     */
    void pauseReading(boolean paused);

    /**
     * Close once everything queued so far has been written; nothing more is read.
     */
    void closeAfterFlush();

    /**
     * Close now, dropping anything queued.
     */
    void close();

    /**
     * @return true until closed.
     */
    boolean isOpen();
}
