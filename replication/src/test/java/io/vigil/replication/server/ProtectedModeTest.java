package io.vigil.replication.server;

import io.vigil.core.StoreConfig;
import io.vigil.core.VigilStore;
import io.vigil.replication.NodeConfig;
import io.vigil.replication.transport.Acceptor;
import io.vigil.replication.transport.Connection;
import io.vigil.replication.transport.ConnectionHandler;
import io.vigil.replication.transport.Listener;
import io.vigil.replication.transport.Transport;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * protected-mode decides on the peer's address when a connection is accepted. The test drives the server through
 * an in-memory {@link Transport}, so a peer with a non-loopback address can be presented without any network.
 */
class ProtectedModeTest
{
    /** A transport that hands its acceptor to the test instead of listening. */
    private static final class CapturingTransport implements Transport
    {
        Acceptor acceptor;

        public Listener listen(final InetSocketAddress address, final Acceptor acceptor)
        {
            this.acceptor = acceptor;
            return new Listener()
            {
                public InetSocketAddress localAddress()
                {
                    return new InetSocketAddress(InetAddress.getLoopbackAddress(), 6379);
                }

                public void close()
                {
                }
            };
        }

        public Connection connect(final InetSocketAddress address, final ConnectionHandler handler)
        {
            throw new UnsupportedOperationException();
        }

        public int poll()
        {
            return 0;
        }

        public void await(final long timeoutMs)
        {
        }

        public void wakeup()
        {
        }

        public void close()
        {
        }
    }

    /** A connection that records what the server sends. */
    private static final class RecordingConnection implements Connection
    {
        final InetSocketAddress remote;
        final ByteArrayOutputStream sent = new ByteArrayOutputStream();
        boolean closing;

        RecordingConnection(final InetSocketAddress remote)
        {
            this.remote = remote;
        }

        public long id()
        {
            return 1;
        }

        public InetSocketAddress remoteAddress()
        {
            return remote;
        }

        public InetSocketAddress localAddress()
        {
            return new InetSocketAddress(InetAddress.getLoopbackAddress(), 6379);
        }

        public void send(final DirectBuffer buffer, final int offset, final int length)
        {
            final byte[] bytes = new byte[length];
            buffer.getBytes(offset, bytes);
            sent.writeBytes(bytes);
        }

        public long pendingBytes()
        {
            return 0;
        }

        public void pauseReading(final boolean paused)
        {
        }

        public void closeAfterFlush()
        {
            closing = true;
        }

        public void close()
        {
            closing = true;
        }

        public boolean isOpen()
        {
            return !closing;
        }
    }

    private static String accept(final NodeConfig config, final RecordingConnection connection) throws Exception
    {
        try (VigilStore store = VigilStore.start(StoreConfig.defaults()))
        {
            final CapturingTransport transport = new CapturingTransport();
            final RespServer server = new RespServer(store, transport, new ServerContext(config, "0".repeat(40)));
            server.listen();
            final ConnectionHandler handler = transport.acceptor.onAccept(connection);
            handler.onOpen(connection);
            final byte[] ping = "PING\r\n".getBytes(StandardCharsets.US_ASCII);
            if (!connection.closing)
            {
                handler.onData(connection, new UnsafeBuffer(ping), 0, ping.length);
            }
            return connection.sent.toString(StandardCharsets.US_ASCII);
        }
    }

    private static InetSocketAddress remote(final String ip) throws Exception
    {
        // An address is only constructed here; nothing is sent anywhere.
        return new InetSocketAddress(InetAddress.getByAddress(InetAddress.getByName(ip).getAddress()), 50000);
    }

    @Test
    void shouldDenyNonLoopbackClientWithRedisTextWhenNoPasswordIsSet() throws Exception
    {
        final RecordingConnection connection = new RecordingConnection(remote("10.1.2.3"));
        final String sent = accept(NodeConfig.builder().port(0).build(), connection);
        assertTrue(sent.startsWith("-DENIED Redis is running in protected mode because protected mode is enabled and " +
            "no password is set for the default user."), sent);
        assertTrue(sent.endsWith("accepting connections from the outside.\r\n"), sent);
        assertTrue(connection.closing);
    }

    @Test
    void shouldServeLoopbackClientsInProtectedMode() throws Exception
    {
        final RecordingConnection connection = new RecordingConnection(remote("127.0.0.1"));
        assertEquals("+PONG\r\n", accept(NodeConfig.builder().port(0).build(), connection));
        assertFalse(connection.closing);
    }

    @Test
    void shouldServeRemoteClientsWhenProtectedModeIsOffOrAPasswordIsSet() throws Exception
    {
        assertEquals("+PONG\r\n", accept(NodeConfig.builder().port(0).protectedMode(false).build(),
            new RecordingConnection(remote("10.1.2.3"))));
        assertEquals("-NOAUTH Authentication required.\r\n", accept(NodeConfig.builder().port(0).requirepass("pw").build(),
            new RecordingConnection(remote("10.1.2.3"))));
    }
}
