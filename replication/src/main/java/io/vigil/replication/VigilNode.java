package io.vigil.replication;

import io.vigil.core.ReplicationLog;
import io.vigil.core.StoreConfig;
import io.vigil.core.VigilCommands;
import io.vigil.core.VigilStore;
import io.vigil.replication.server.IoIdleStrategy;
import io.vigil.replication.server.RespServer;
import io.vigil.replication.server.ServerContext;
import io.vigil.replication.transport.TcpTransport;
import io.vigil.replication.transport.Transport;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.CompositeAgent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A Vigil node: a {@link VigilStore} served over the Redis protocol on its own port, so redis-cli, redis-benchmark,
 * Jedis and Lettuce use it as a Redis 7 server, while the application in the same process reads it lock-free.
 * <pre>{@code
 * try (VigilNode node = VigilNode.start(NodeConfig.builder().port(6379).build())) {
 *     node.set("user:1", "alice");
 *     node.get("user:1");
 * }
 * }</pre>
 * Threads: by default ({@link NodeConfig.ThreadingMode#SHARED}) one thread runs both the store's writer and the
 * network, so a client's write is applied without a hand-off, as in Redis; with
 * {@link NodeConfig.ThreadingMode#DEDICATED} each has its own thread. Threadsafe.
 */
public final class VigilNode implements VigilCommands, AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(VigilNode.class);

    private final NodeConfig config;
    private final VigilStore store;
    private final Transport transport;
    private final RespServer server;
    private final AgentRunner ioRunner;
    private final CountDownLatch terminated = new CountDownLatch(1);
    private volatile boolean closed;

    private VigilNode(final NodeConfig config) throws IOException
    {
        this.config = config;
        VigilStore.checkJvmFlags();
        if (config.replicaOfHost() != null)
        {
            throw new UnsupportedOperationException(
                "replicaof: links from a replica to its master are not implemented yet in this version of Vigil");
        }
        final boolean shared = config.threadingMode() == NodeConfig.ThreadingMode.SHARED;
        store = VigilStore.start(shared ? StoreConfig.builder(config.store())
            .threadingMode(StoreConfig.ThreadingMode.EXTERNAL).build() : config.store());
        try
        {
            transport = new TcpTransport();
            server = new RespServer(store, transport, new NodeContext(config));
            server.listen();
        }
        catch (final IOException | RuntimeException ex)
        {
            store.close();
            throw ex;
        }
        if (shared)
        {
            store.wakeHandler(server::wakeup);
        }
        ioRunner = new AgentRunner(new IoIdleStrategy(transport), this::onAgentError, null,
            shared ? new CompositeAgent(store.writerAgent(), server) : server);
    }

    private void onAgentError(final Throwable ex)
    {
        LOG.error("agent error", ex);
        if (ex instanceof Error)
        {
            // The agent's thread dies with an Error: stop the node rather than leave it silently deaf.
            final Thread closer = new Thread(this::close, "vigil-fatal-close");
            closer.start();
        }
    }

    /**
     * Start a node: its store, and its RESP endpoint on the configured addresses.
     *
     * @param config the configuration.
     * @return the running node.
     * @throws UncheckedIOException if the port cannot be bound.
     */
    public static VigilNode start(final NodeConfig config)
    {
        final VigilNode node;
        try
        {
            node = new VigilNode(config);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex.getMessage(), ex);
        }
        AgentRunner.startOnThread(node.ioRunner);
        LOG.info("Vigil {} ready to accept connections on port {} (role master, pid {})",
            "0.1.0", node.port(), ProcessHandle.current().pid());
        return node;
    }

    /**
     * @return the port the node listens on (useful with port 0).
     */
    public int port()
    {
        return server.port();
    }

    /**
     * @return the node's store.
     */
    public VigilStore store()
    {
        return store;
    }

    /**
     * @return the node's configuration.
     */
    public NodeConfig config()
    {
        return config;
    }

    public Object execute(final byte[]... argv)
    {
        return store.execute(argv);
    }

    public CompletableFuture<Object> executeAsync(final byte[]... argv)
    {
        return store.executeAsync(argv);
    }

    public byte[] get(final byte[] key)
    {
        return store.get(key);
    }

    /**
     * @return the published replication offset ({@code master_repl_offset}).
     */
    public long replicationOffset()
    {
        return store.replicationOffset();
    }

    /**
     * Wait until this node's replication offset reaches {@code offset}.
     *
     * @param offset  the offset.
     * @param timeout the longest wait.
     * @return true if reached.
     */
    public boolean awaitOffset(final long offset, final Duration timeout)
    {
        return store.awaitOffset(offset, timeout);
    }

    /**
     * Wait until the node is closed, by {@link #close()} or by a client's SHUTDOWN.
     *
     * @param timeout the longest wait.
     * @return true if closed.
     * @throws InterruptedException if interrupted.
     */
    public boolean awaitTermination(final Duration timeout) throws InterruptedException
    {
        return terminated.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /**
     * Stop serving, close every client, and stop the store. Idempotent.
     */
    public void close()
    {
        synchronized (this)
        {
            if (closed)
            {
                return;
            }
            closed = true;
        }
        CloseHelper.closeAll(ioRunner, store);
        terminated.countDown();
    }

    private final class NodeContext extends ServerContext
    {
        NodeContext(final NodeConfig config)
        {
            super(config, ReplicationLog.newReplicationId());
        }

        public boolean isReplica()
        {
            return store.isReplica();
        }

        public String shutdown(final boolean save)
        {
            LOG.warn("User requested shutdown...");
            // SHUTDOWN arrives on the I/O thread, which close() joins: close from another thread.
            final Thread closer = new Thread(VigilNode.this::close, "vigil-shutdown");
            closer.setDaemon(false);
            closer.start();
            return null;
        }
    }
}
