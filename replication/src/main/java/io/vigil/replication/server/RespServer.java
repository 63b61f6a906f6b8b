package io.vigil.replication.server;

import io.vigil.core.CommandSpec;
import io.vigil.core.ErrorReply;
import io.vigil.core.VigilStore;
import io.vigil.core.resp.RespLimits;
import io.vigil.replication.NodeConfig;
import io.vigil.replication.transport.Acceptor;
import io.vigil.replication.transport.Connection;
import io.vigil.replication.transport.ConnectionHandler;
import io.vigil.replication.transport.Listener;
import io.vigil.replication.transport.Transport;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.OneToOneConcurrentArrayQueue;
import org.agrona.concurrent.UnsafeBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The RESP endpoint of a node: accepts clients on the node's port, parses their requests, serves reads straight from
 * the keyspace on this thread, sends writes to the store's writer, and returns replies in order per connection.
 * <p>
 * Its duty cycle: poll the transport (accept, read, dispatch, write), hand back the replies of writes the writer has
 * completed, and once a tick check client timeouts and the ops-per-second sample.
 * <p>
 * This class is not threadsafe: it runs on the I/O thread. Only {@link #completed} is called by the writer.
 */
public final class RespServer implements Agent
{
    private static final Logger LOG = LoggerFactory.getLogger(RespServer.class);
    /** Writes in flight across all clients at most; bounds the completion queue so the writer never waits on it. */
    private static final int MAX_IN_FLIGHT = 64 * 1024;
    private static final long TICK_MS = 100;

    // networking.c acceptCommonHandler
    private static final byte[] MAX_CLIENTS_ERROR =
        "-ERR max number of clients reached\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] DENIED = ("-DENIED Redis is running in protected mode because protected mode is " +
        "enabled and no password is set for the default user. In this mode connections are only accepted from the " +
        "loopback interface. If you want to connect from external computers to Redis you may adopt one of the " +
        "following solutions: 1) Just disable protected mode sending the command 'CONFIG SET protected-mode no' " +
        "from the loopback interface by connecting to Redis from the same host the server is running, however MAKE " +
        "SURE Redis is not publicly accessible from internet if you do so. Use CONFIG REWRITE to make this change " +
        "permanent. 2) Alternatively you can just disable the protected mode by editing the Redis configuration " +
        "file, and setting the protected mode option to 'no', and then restarting the server. 3) If you started the " +
        "server manually just for testing, restart it with the '--protected-mode no' option. 4) Set up an " +
        "authentication password for the default user. NOTE: You only need to do one of the above things in order " +
        "for the server to start accepting connections from the outside.\r\n").getBytes(StandardCharsets.US_ASCII);

    private final VigilStore store;
    private final Transport transport;
    private final ServerContext context;
    private final ServerCommands commands;
    private final PubSub pubSub = new PubSub();
    private final Map<Long, ClientSession> sessions = new LinkedHashMap<>();
    private final OneToOneConcurrentArrayQueue<ClientSession.PendingReply> completions =
        new OneToOneConcurrentArrayQueue<>(MAX_IN_FLIGHT);
    private final List<Listener> listeners = new ArrayList<>();
    private RespLimits respLimits;
    private int inFlight;
    private long nowMs;
    private long nextTickMs;
    private int port;
    private volatile Thread ioThread;

    // Stats for INFO.
    long totalConnectionsReceived;
    long totalCommandsProcessed;
    long rejectedConnections;
    long totalErrorReplies;
    private long opsAtLastSample;
    private long lastSampleMs;
    private long instantaneousOps;

    /**
     * @param store     the store to serve.
     * @param transport the network.
     * @param context   node-wide state and hooks (configuration, role, shutdown).
     */
    public RespServer(final VigilStore store, final Transport transport, final ServerContext context)
    {
        this.store = store;
        this.transport = transport;
        this.context = context;
        this.commands = new ServerCommands(this, store, context);
        updateLimits();
    }

    /**
     * Bind every configured address on the configured port; with port 0, the first bind picks the port and the
     * others use it.
     *
     * @throws IOException if an address cannot be bound.
     */
    public void listen() throws IOException
    {
        final NodeConfig config = context.config();
        int bindPort = config.port();
        for (final String address : config.bind())
        {
            final String host = address.startsWith("-") ? address.substring(1) : address;
            final InetSocketAddress socketAddress = "*".equals(host) ?
                new InetSocketAddress(bindPort) : new InetSocketAddress(InetAddress.getByName(host), bindPort);
            final Listener listener;
            try
            {
                listener = transport.listen(socketAddress, acceptor());
            }
            catch (final IOException ex)
            {
                if (address.startsWith("-"))
                {
                    // config.c bind: a leading '-' marks an address that may be unavailable.
                    LOG.warn("could not bind optional address {}: {}", host, ex.toString());
                    continue;
                }
                throw new IOException("Could not create server TCP listening socket " + host + ":" + bindPort + ": " +
                    ex.getMessage(), ex);
            }
            listeners.add(listener);
            bindPort = listener.localAddress().getPort();
        }
        port = bindPort;
    }

    /**
     * @return the port listened on.
     */
    public int port()
    {
        return port;
    }

    private Acceptor acceptor()
    {
        return connection ->
        {
            totalConnectionsReceived++;
            if (sessions.size() >= context.maxclients())
            {
                rejectedConnections++;
                connection.send(new UnsafeBuffer(MAX_CLIENTS_ERROR), 0, MAX_CLIENTS_ERROR.length);
                connection.closeAfterFlush();
                return new Discard();
            }
            if (context.protectedMode() && context.requirepass() == null &&
                !connection.remoteAddress().getAddress().isLoopbackAddress())
            {
                connection.send(new UnsafeBuffer(DENIED), 0, DENIED.length);
                connection.closeAfterFlush();
                return new Discard();
            }
            LOG.debug("Accepted {}:{}", connection.remoteAddress().getAddress().getHostAddress(),
                connection.remoteAddress().getPort());
            final ClientSession session = new ClientSession(this, connection, nowMs());
            sessions.put(session.id, session);
            return session;
        };
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Duty cycle.
    // ---------------------------------------------------------------------------------------------------------------

    public void onStart()
    {
        ioThread = Thread.currentThread();
        nowMs = System.currentTimeMillis();
        lastSampleMs = nowMs;
    }

    public int doWork()
    {
        nowMs = System.currentTimeMillis();
        int work = transport.poll();
        work += drainCompletions();
        if (nowMs >= nextTickMs)
        {
            nextTickMs = nowMs + TICK_MS;
            work += tick();
        }
        return work;
    }

    private int drainCompletions()
    {
        ClientSession.PendingReply reply;
        int n = 0;
        while ((reply = completions.poll()) != null)
        {
            n++;
            inFlight--;
            final ClientSession session = reply.session;
            if (sessions.get(session.id) == session)
            {
                session.onWriteCompleted();
            }
        }
        // Replies queued by completions leave now rather than at the next poll.
        return n > 0 ? n + transport.poll() : 0;
    }

    private int tick()
    {
        if (nowMs - lastSampleMs >= 1000)
        {
            instantaneousOps = (totalCommandsProcessed - opsAtLastSample) * 1000 / (nowMs - lastSampleMs);
            opsAtLastSample = totalCommandsProcessed;
            lastSampleMs = nowMs;
        }
        for (final ClientSession session : new ArrayList<>(sessions.values()))
        {
            // Requests held by CLIENT PAUSE or by the in-flight bound go on when they can.
            session.resume();
        }
        final int timeout = context.timeoutSeconds();
        int closed = 0;
        if (timeout > 0)
        {
            for (final ClientSession session : new ArrayList<>(sessions.values()))
            {
                // timeout.c clientsCronHandleTimeout: pub/sub clients and clients waiting on writes are exempt.
                if (!session.isSubscribed() && !session.hasPendingWrites() &&
                    nowMs - session.lastInteractionMs > timeout * 1000L)
                {
                    LOG.debug("Closing idle client {}", session.id);
                    session.connection.close();
                    closed++;
                }
            }
        }
        return closed;
    }

    /**
     * Called by the writer thread when a write has completed.
     */
    void completed(final ClientSession.PendingReply reply)
    {
        if (Thread.currentThread() == ioThread)
        {
            // The writer runs on this thread (shared mode): the reply is ready now.
            inFlight--;
            final ClientSession session = reply.session;
            if (sessions.get(session.id) == session)
            {
                session.onWriteCompleted();
            }
            return;
        }
        // Never fails: inFlight is bounded by the queue's capacity.
        completions.offer(reply);
        transport.wakeup();
    }

    /**
     * Wake the I/O thread from another thread, e.g. when work is queued for a writer running on it.
     */
    public void wakeup()
    {
        transport.wakeup();
    }

    public void onClose()
    {
        for (final Listener listener : listeners)
        {
            listener.close();
        }
        transport.close();
    }

    public String roleName()
    {
        return "vigil-io";
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Dispatch.
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Execute one request of a session, or defer it behind the session's writes in flight.
     */
    void dispatch(final ClientSession session, final byte[][] argv)
    {
        totalCommandsProcessed++;
        // The store's commands are the common case and their lookup allocates nothing; the names are disjoint.
        final CommandSpec spec = store.commandTable().lookup(argv[0]);
        if (spec == null)
        {
            // The node's own commands, and the unknown-command error.
            commands.handle(session, argv);
            return;
        }
        session.lastCommand = spec.name();
        // server.c processCommand's order: arity, then authentication and the subscribed context.
        if (!spec.arityMatches(argv.length))
        {
            commands.reject(session, spec.name(), ServerCommands.wrongArity(spec.name()));
            return;
        }
        final ErrorReply refused = commands.checkAccess(session, spec.name(), argv);
        if (refused != null)
        {
            commands.reject(session, spec.name(), refused);
            return;
        }
        if (session.multi != null)
        {
            commands.queueInMulti(session, spec, argv);
            return;
        }
        if (context.allPaused(nowMs) || (spec.isWrite() && context.writesPaused(nowMs)))
        {
            session.defer(argv);
            return;
        }
        if (spec.isWrite())
        {
            if (context.isReplica())
            {
                reply(session, ServerCommands.READONLY);
                return;
            }
            if (inFlight >= MAX_IN_FLIGHT)
            {
                session.defer(argv);
                return;
            }
            inFlight++;
            store.submit(spec, argv, session.newPendingReply());
        }
        else if (session.hasPendingWrites())
        {
            session.defer(argv);
        }
        else
        {
            reply(session, store.executeRead(spec, argv));
        }
    }

    /**
     * Submit a transaction's EXEC.
     */
    boolean submitExec(final ClientSession session)
    {
        if (inFlight >= MAX_IN_FLIGHT)
        {
            return false;
        }
        inFlight++;
        final ClientSession.PendingReply slot = session.newPendingReply();
        // multi.c execCommand: an aborted transaction replies a null array.
        slot.nullIsArray = true;
        store.submit(session.multi, slot);
        return true;
    }

    void reply(final ClientSession session, final Object reply)
    {
        if (reply instanceof ErrorReply)
        {
            totalErrorReplies++;
        }
        session.reply(reply);
    }

    /**
     * Close clients whose output went past the limits of their class (client-output-buffer-limit).
     */
    void checkOutputLimits(final ClientSession session)
    {
        final NodeConfig.OutputBufferLimit limit =
            session.isSubscribed() ? context.config().pubsubLimit() : context.config().normalLimit();
        final long pending = session.connection.pendingBytes();
        boolean exceeded = limit.hardBytes() > 0 && pending >= limit.hardBytes();
        if (limit.softBytes() > 0 && pending >= limit.softBytes())
        {
            if (session.softLimitSinceMs < 0)
            {
                session.softLimitSinceMs = nowMs;
            }
            else if (nowMs - session.softLimitSinceMs > limit.softSeconds() * 1000L)
            {
                exceeded = true;
            }
        }
        else
        {
            session.softLimitSinceMs = -1;
        }
        if (exceeded)
        {
            // networking.c closeClientOnOutputBufferLimitReached
            LOG.warn("Client id={} scheduled to be closed ASAP for overcoming of output buffer limits.", session.id);
            session.connection.close();
        }
    }

    void onSessionClosed(final ClientSession session)
    {
        sessions.remove(session.id);
        pubSub.unsubscribeAll(session);
    }

    void killAllClients()
    {
        for (final ClientSession session : new ArrayList<>(sessions.values()))
        {
            session.connection.close();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // State for commands and INFO.
    // ---------------------------------------------------------------------------------------------------------------

    NodeConfig config()
    {
        return context.config();
    }

    String requirepass()
    {
        return context.requirepass();
    }

    RespLimits respLimits()
    {
        return respLimits;
    }

    /**
     * Re-read the protocol limits after CONFIG SET.
     */
    void updateLimits()
    {
        respLimits = RespLimits.builder()
            .maxBulkLength((int)Math.min(context.protoMaxBulkLen(), RespLimits.MAX_ARRAY_LENGTH))
            .build();
    }

    long nowMs()
    {
        return nowMs == 0 ? System.currentTimeMillis() : nowMs;
    }

    Map<Long, ClientSession> sessions()
    {
        return sessions;
    }

    PubSub pubSub()
    {
        return pubSub;
    }

    long instantaneousOps()
    {
        return instantaneousOps;
    }

    int inFlight()
    {
        return inFlight;
    }

    /**
     * @return number of connected clients.
     */
    public int clientCount()
    {
        return sessions.size();
    }

    /**
     * Swallows whatever a refused connection sends while its error reply drains.
     */
    private static final class Discard implements ConnectionHandler
    {
        public void onOpen(final Connection connection)
        {
        }

        public void onData(
            final Connection connection, final org.agrona.DirectBuffer buffer, final int offset, final int length)
        {
        }

        public void onClose(final Connection connection)
        {
        }
    }

}
