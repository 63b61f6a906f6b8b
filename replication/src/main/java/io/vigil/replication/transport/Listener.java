package io.vigil.replication.transport;

import java.net.InetSocketAddress;

/**
 * A bound listening endpoint of a {@link Transport}.
 */
public interface Listener extends AutoCloseable
{
    /**
     * @return the address actually bound, with the real port when 0 was asked for.
     */
    InetSocketAddress localAddress();

    /**
     * Stop listening; connections already accepted stay open.
     */
    void close();
}
