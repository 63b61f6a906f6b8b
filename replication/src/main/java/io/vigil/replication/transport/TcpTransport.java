package io.vigil.replication.transport;

import org.agrona.CloseHelper;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * {@link Transport} over TCP with java.nio: one selector, non-blocking channels, a shared read buffer, and a
 * per-connection output buffer that is written when the transport polls, so replies produced while handling one read
 * leave in one system call.
 * <p>
 * This class is not threadsafe: one thread calls everything except {@link #wakeup()}.
 */
public final class TcpTransport implements Transport
{
    private static final Logger LOG = LoggerFactory.getLogger(TcpTransport.class);
    private static final int READ_BUFFER_SIZE = 64 * 1024;
    /** Reads per connection per poll, so one busy connection cannot starve the others. */
    private static final int READS_PER_POLL = 4;
    private static final int BACKLOG = 511;

    private final Selector selector;
    private final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_SIZE);
    private final UnsafeBuffer readView = new UnsafeBuffer(readBuffer);
    private final List<TcpConnection> dirty = new ArrayList<>();
    private final List<TcpListener> listeners = new ArrayList<>();
    private long nextConnectionId = 1;
    private volatile boolean awaiting;
    private volatile boolean wakeupRequested;

    /**
     * @throws IOException if no selector can be opened.
     */
    public TcpTransport() throws IOException
    {
        selector = Selector.open();
    }

    public Listener listen(final InetSocketAddress address, final Acceptor acceptor) throws IOException
    {
        final ServerSocketChannel channel = ServerSocketChannel.open();
        try
        {
            channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
            channel.bind(address, BACKLOG);
            channel.configureBlocking(false);
            final TcpListener listener = new TcpListener(channel, acceptor);
            channel.register(selector, SelectionKey.OP_ACCEPT, listener);
            listeners.add(listener);
            return listener;
        }
        catch (final IOException ex)
        {
            CloseHelper.quietClose(channel);
            throw ex;
        }
    }

    public Connection connect(final InetSocketAddress address, final ConnectionHandler handler) throws IOException
    {
        final SocketChannel channel = SocketChannel.open();
        try
        {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            final TcpConnection connection = new TcpConnection(nextConnectionId++, channel, handler, address);
            if (channel.connect(address))
            {
                connection.key = channel.register(selector, SelectionKey.OP_READ, connection);
                connection.open = true;
                handler.onOpen(connection);
            }
            else
            {
                connection.key = channel.register(selector, SelectionKey.OP_CONNECT, connection);
            }
            return connection;
        }
        catch (final IOException ex)
        {
            CloseHelper.quietClose(channel);
            throw ex;
        }
    }

    public int poll()
    {
        int work = 0;
        try
        {
            // await() may have left ready keys in the selected set, which selectNow() does not count again.
            selector.selectNow();
            if (!selector.selectedKeys().isEmpty())
            {
                work += processSelectedKeys();
            }
        }
        catch (final IOException ex)
        {
            LOG.warn("select failed", ex);
        }
        return work + flushDirty();
    }

    public void await(final long timeoutMs)
    {
        if (!dirty.isEmpty())
        {
            return;
        }
        awaiting = true;
        try
        {
            if (!wakeupRequested)
            {
                selector.select(Math.max(1, timeoutMs));
            }
        }
        catch (final IOException ex)
        {
            LOG.warn("select failed", ex);
        }
        finally
        {
            awaiting = false;
            wakeupRequested = false;
        }
    }

    public void wakeup()
    {
        // Dekker with await(): either it sees the request before blocking, or this sees it blocking.
        wakeupRequested = true;
        if (awaiting)
        {
            selector.wakeup();
        }
    }

    private int processSelectedKeys()
    {
        int work = 0;
        final Set<SelectionKey> keys = selector.selectedKeys();
        final Iterator<SelectionKey> it = keys.iterator();
        while (it.hasNext())
        {
            final SelectionKey key = it.next();
            it.remove();
            try
            {
                if (!key.isValid())
                {
                    continue;
                }
                final Object attachment = key.attachment();
                if (attachment instanceof TcpListener)
                {
                    work += ((TcpListener)attachment).accept();
                    continue;
                }
                final TcpConnection connection = (TcpConnection)attachment;
                final int ready = key.readyOps();
                if ((ready & SelectionKey.OP_CONNECT) != 0)
                {
                    work += connection.finishConnect();
                }
                if (connection.open && (ready & SelectionKey.OP_WRITE) != 0)
                {
                    work += connection.flush();
                }
                if (connection.open && (ready & SelectionKey.OP_READ) != 0)
                {
                    work += connection.read();
                }
            }
            catch (final CancelledKeyException ignore)
            {
                // Closed by a handler while its key was selected.
            }
        }
        return work;
    }

    private int flushDirty()
    {
        int work = 0;
        for (int i = 0; i < dirty.size(); i++)
        {
            final TcpConnection connection = dirty.get(i);
            connection.dirty = false;
            if (connection.open)
            {
                work += connection.flush();
            }
        }
        dirty.clear();
        return work;
    }

    public void close()
    {
        for (final TcpListener listener : new ArrayList<>(listeners))
        {
            listener.close();
        }
        for (final SelectionKey key : new ArrayList<>(selector.keys()))
        {
            if (key.attachment() instanceof TcpConnection)
            {
                ((TcpConnection)key.attachment()).close();
            }
        }
        CloseHelper.quietClose(selector);
    }

    private final class TcpListener implements Listener
    {
        private final ServerSocketChannel channel;
        private final Acceptor acceptor;
        private final InetSocketAddress localAddress;

        TcpListener(final ServerSocketChannel channel, final Acceptor acceptor) throws IOException
        {
            this.channel = channel;
            this.acceptor = acceptor;
            this.localAddress = (InetSocketAddress)channel.getLocalAddress();
        }

        int accept()
        {
            int accepted = 0;
            while (true)
            {
                final SocketChannel socket;
                try
                {
                    socket = channel.accept();
                }
                catch (final IOException ex)
                {
                    // net.c: accept errors are logged and the server keeps listening (e.g. too many open files).
                    LOG.warn("accept failed: {}", ex.toString());
                    return accepted;
                }
                if (socket == null)
                {
                    return accepted;
                }
                accepted++;
                try
                {
                    socket.configureBlocking(false);
                    socket.setOption(StandardSocketOptions.TCP_NODELAY, true);
                    final TcpConnection connection = new TcpConnection(
                        nextConnectionId++, socket, null, (InetSocketAddress)socket.getRemoteAddress());
                    connection.key = socket.register(selector, SelectionKey.OP_READ, connection);
                    connection.open = true;
                    final ConnectionHandler handler = acceptor.onAccept(connection);
                    if (handler == null)
                    {
                        connection.close();
                        continue;
                    }
                    connection.handler = handler;
                    handler.onOpen(connection);
                }
                catch (final IOException ex)
                {
                    LOG.debug("accepted connection failed: {}", ex.toString());
                    CloseHelper.quietClose(socket);
                }
            }
        }

        public InetSocketAddress localAddress()
        {
            return localAddress;
        }

        public void close()
        {
            listeners.remove(this);
            final SelectionKey key = channel.keyFor(selector);
            if (key != null)
            {
                key.cancel();
            }
            CloseHelper.quietClose(channel);
        }
    }

    private final class TcpConnection implements Connection
    {
        private final long id;
        private final SocketChannel channel;
        private final InetSocketAddress remoteAddress;
        private ConnectionHandler handler;
        private SelectionKey key;
        private final ExpandableDirectByteBuffer output = new ExpandableDirectByteBuffer(0);
        private int outputStart;
        private int outputEnd;
        private boolean open;
        private boolean closed;
        private boolean dirty;
        private boolean closeAfterFlush;
        private boolean readPaused;
        private InetSocketAddress localAddress;

        TcpConnection(
            final long id,
            final SocketChannel channel,
            final ConnectionHandler handler,
            final InetSocketAddress remoteAddress)
        {
            this.id = id;
            this.channel = channel;
            this.handler = handler;
            this.remoteAddress = remoteAddress;
        }

        int finishConnect()
        {
            try
            {
                if (!channel.finishConnect())
                {
                    return 0;
                }
                open = true;
                updateInterest();
                handler.onOpen(this);
                return 1;
            }
            catch (final IOException ex)
            {
                LOG.debug("connect to {} failed: {}", remoteAddress, ex.toString());
                close();
                return 1;
            }
        }

        int read()
        {
            int work = 0;
            for (int i = 0; i < READS_PER_POLL && open && !readPaused && !closeAfterFlush; i++)
            {
                final int n;
                readBuffer.clear();
                try
                {
                    n = channel.read(readBuffer);
                }
                catch (final IOException ex)
                {
                    LOG.debug("read from {} failed: {}", remoteAddress, ex.toString());
                    close();
                    return work + 1;
                }
                if (n < 0)
                {
                    close();
                    return work + 1;
                }
                if (n == 0)
                {
                    break;
                }
                work++;
                handler.onData(this, readView, 0, n);
                if (n < READ_BUFFER_SIZE)
                {
                    break;
                }
            }
            return work;
        }

        int flush()
        {
            if (outputEnd == outputStart)
            {
                finishFlush();
                return 0;
            }
            final ByteBuffer bb = output.byteBuffer();
            bb.limit(outputEnd).position(outputStart);
            try
            {
                final int written = channel.write(bb);
                outputStart += written;
            }
            catch (final IOException ex)
            {
                LOG.debug("write to {} failed: {}", remoteAddress, ex.toString());
                close();
                return 1;
            }
            finishFlush();
            return 1;
        }

        private void finishFlush()
        {
            if (outputStart == outputEnd)
            {
                outputStart = 0;
                outputEnd = 0;
                if (closeAfterFlush)
                {
                    close();
                    return;
                }
            }
            updateInterest();
        }

        private void updateInterest()
        {
            if (!open || key == null || !key.isValid())
            {
                return;
            }
            int ops = 0;
            if (!readPaused && !closeAfterFlush)
            {
                ops |= SelectionKey.OP_READ;
            }
            if (outputEnd > outputStart)
            {
                ops |= SelectionKey.OP_WRITE;
            }
            if (key.interestOps() != ops)
            {
                key.interestOps(ops);
            }
        }

        public long id()
        {
            return id;
        }

        public InetSocketAddress remoteAddress()
        {
            return remoteAddress;
        }

        public InetSocketAddress localAddress()
        {
            if (localAddress == null)
            {
                try
                {
                    localAddress = (InetSocketAddress)channel.getLocalAddress();
                }
                catch (final IOException ex)
                {
                    return null;
                }
            }
            return localAddress;
        }

        public void send(final DirectBuffer buffer, final int offset, final int length)
        {
            if (closed || closeAfterFlush || length == 0)
            {
                return;
            }
            if (outputStart > 0 && outputStart == outputEnd)
            {
                outputStart = 0;
                outputEnd = 0;
            }
            output.putBytes(outputEnd, buffer, offset, length);
            outputEnd += length;
            if (!dirty)
            {
                dirty = true;
                TcpTransport.this.dirty.add(this);
            }
        }

        public long pendingBytes()
        {
            return outputEnd - outputStart;
        }

        public void pauseReading(final boolean paused)
        {
            if (readPaused != paused)
            {
                readPaused = paused;
                updateInterest();
            }
        }

        public void closeAfterFlush()
        {
            if (closed)
            {
                return;
            }
            closeAfterFlush = true;
            if (!dirty)
            {
                dirty = true;
                TcpTransport.this.dirty.add(this);
            }
        }

        public void close()
        {
            if (closed)
            {
                return;
            }
            closed = true;
            final boolean wasOpen = open;
            open = false;
            if (key != null)
            {
                key.cancel();
            }
            CloseHelper.quietClose(channel);
            if (handler != null && (wasOpen || id > 0))
            {
                handler.onClose(this);
            }
        }

        public boolean isOpen()
        {
            return open;
        }

        public String toString()
        {
            return "TcpConnection{id=" + id + ", remote=" + remoteAddress + '}';
        }
    }
}
