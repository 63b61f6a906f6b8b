package io.vigil.core;

import io.vigil.core.rdb.RdbInfo;
import io.vigil.core.rdb.RdbLoader;
import io.vigil.core.rdb.RdbWriter;
import org.agrona.CloseHelper;
import org.agrona.concurrent.AgentInvoker;
import org.agrona.concurrent.AgentRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An embedded Vigil store: the keyspace, its single writer and its replication log, used in-process.
 * <pre>{@code
 * try (VigilStore store = VigilStore.start(StoreConfig.defaults())) {
 *     store.set("user:1", "alice");
 *     store.get("user:1");            // "alice", lock-free on the calling thread
 * }
 * }</pre>
 * Threadsafe: any thread may call any method. Reads run on the calling thread; writes are sequenced through the writer
 * agent, which runs on its own thread ({@link StoreConfig.ThreadingMode#DEDICATED}) or is driven by the application
 * through {@link #invoker()} ({@link StoreConfig.ThreadingMode#INVOKER}). In INVOKER mode a synchronous write made on
 * the driving thread runs the writer inline while it waits; other threads must use the asynchronous methods.
 */
public final class VigilStore implements VigilCommands, AutoCloseable
{
    /** The JVM flag agrona 2.x needs on Java 17 and later. */
    public static final String REQUIRED_JVM_FLAG = "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED";

    private static final Logger LOG = LoggerFactory.getLogger(VigilStore.class);

    private final StoreConfig config;
    private final Keyspace keyspace;
    private final ReplicationLog log;
    private final CommandTable table = CommandTable.standard();
    private final CommandContext readContext;
    private final WriteSequencer sequencer;
    private final WriterAgent writer;
    private final AgentRunner runner;
    private final AgentInvoker invoker;
    private final Runnable driver;
    private final WriterIdleStrategy idle;
    private volatile boolean replica;
    private volatile boolean closed;

    private VigilStore(final StoreConfig config)
    {
        this.config = config;
        keyspace = new Keyspace(config.expectedKeys());
        log = new ReplicationLog(config.backlogSize());
        readContext = CommandContext.forReader(keyspace, config.clock(), config);
        idle = new WriterIdleStrategy(TimeUnit.MILLISECONDS.toNanos(1000 / config.hz()));
        sequencer = new WriteSequencer(config, idle);
        idle.hasWork(sequencer::hasWork);
        writer = new WriterAgent(sequencer, CommandContext.forWriter(keyspace, log, config.clock(), config), config);
        replica = config.replica();

        if (config.threadingMode() == StoreConfig.ThreadingMode.DEDICATED)
        {
            runner = new AgentRunner(idle, ex -> LOG.error("writer error", ex), null, writer);
            invoker = null;
            driver = null;
        }
        else if (config.threadingMode() == StoreConfig.ThreadingMode.INVOKER)
        {
            runner = null;
            invoker = new AgentInvoker(ex -> LOG.error("writer error", ex), null, writer);
            driver = this::drive;
        }
        else
        {
            runner = null;
            invoker = null;
            driver = null;
        }
    }

    /**
     * Start a store.
     *
     * @param config its configuration.
     * @return the running store.
     * @throws IllegalStateException if the JVM lacks {@link #REQUIRED_JVM_FLAG}.
     */
    public static VigilStore start(final StoreConfig config)
    {
        checkJvmFlags();
        final VigilStore store = new VigilStore(config);
        if (store.runner != null)
        {
            AgentRunner.startOnThread(store.runner);
        }
        else if (store.invoker != null)
        {
            store.invoker.start();
        }
        return store;
    }

    /**
     * Fail at once, naming the flag, if the JVM does not export {@code jdk.internal.misc} to Vigil: agrona 2.x would
     * otherwise fail later with an IllegalAccessError deep in a buffer call.
     *
     * @throws IllegalStateException naming {@link #REQUIRED_JVM_FLAG}.
     */
    public static void checkJvmFlags()
    {
        if (!Object.class.getModule().isExported("jdk.internal.misc", VigilStore.class.getModule()))
        {
            throw new IllegalStateException(
                "Vigil needs the JVM flag " + REQUIRED_JVM_FLAG + " (agrona uses jdk.internal.misc.Unsafe); " +
                "add it to the java command line, or run the vigil.jar launcher which carries it in its manifest");
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Commands.
    // ---------------------------------------------------------------------------------------------------------------

    public byte[] get(final byte[] key)
    {
        final Entry e = keyspace.getLive(key, config.clock().time());
        return e == null ? null : e.value;
    }

    public Object execute(final byte[]... argv)
    {
        final CommandSpec spec = resolve(argv);
        if (spec == null || !spec.isWrite())
        {
            return dispatchLocally(spec, argv);
        }
        return executeWrite(spec, copy(argv));
    }

    public CompletableFuture<Object> executeAsync(final byte[]... argv)
    {
        final CommandSpec spec = resolve(argv);
        if (spec == null || !spec.isWrite())
        {
            return CompletableFuture.completedFuture(dispatchLocally(spec, argv));
        }
        final Object refusal = refusal(spec, argv);
        if (refusal != null)
        {
            return CompletableFuture.completedFuture(refusal);
        }
        if (onWriterThread())
        {
            return CompletableFuture.completedFuture(writer.executeInline(spec, copy(argv)));
        }
        final CommandRequest request = new CommandRequest(spec, copy(argv));
        enqueue(request);
        return request.future();
    }

    /**
     * Run a command whose arguments the caller hands over: the store keeps references to them without copying, so
     * the caller must never modify them afterwards. For protocol servers that parse into fresh arrays.
     *
     * @param argv the command name and its arguments; ownership passes to the store.
     * @return the reply.
     */
    public Object executeOwned(final byte[]... argv)
    {
        final CommandSpec spec = resolve(argv);
        if (spec == null || !spec.isWrite())
        {
            return dispatchLocally(spec, argv);
        }
        return executeWrite(spec, argv);
    }

    /**
     * Asynchronous form of {@link #executeOwned}.
     *
     * @param argv the command name and its arguments; ownership passes to the store.
     * @return the reply.
     */
    public CompletableFuture<Object> executeOwnedAsync(final byte[]... argv)
    {
        final CommandSpec spec = resolve(argv);
        if (spec == null || !spec.isWrite())
        {
            return CompletableFuture.completedFuture(dispatchLocally(spec, argv));
        }
        final Object refusal = refusal(spec, argv);
        if (refusal != null)
        {
            return CompletableFuture.completedFuture(refusal);
        }
        if (onWriterThread())
        {
            return CompletableFuture.completedFuture(writer.executeInline(spec, argv));
        }
        final CommandRequest request = new CommandRequest(spec, argv);
        enqueue(request);
        return request.future();
    }

    /**
     * Submit a write command whose arguments the caller hands over, for protocol servers: the reply goes to the
     * callback on the writer thread. Commands from one thread are applied in the order submitted. An arity error or
     * a write to a replica is answered at once on the calling thread.
     *
     * @param spec     the command, from {@link #commandTable()}; must be a write.
     * @param argv     its arguments; ownership passes to the store.
     * @param callback receives the reply.
     */
    public void submit(final CommandSpec spec, final byte[][] argv, final WriteCallback callback)
    {
        final Object refusal = refusal(spec, argv);
        if (refusal != null)
        {
            callback.onReply(refusal);
        }
        else if (onWriterThread())
        {
            // Already on the writer (a node running writer and network on one thread): apply now, no queue hop.
            callback.onReply(writer.executeInline(spec, argv));
        }
        else
        {
            enqueue(new CallbackRequest(spec, argv, callback));
        }
    }

    /**
     * Run a read-only command on the calling thread, lock-free.
     *
     * @param spec the command, from {@link #commandTable()}; must not be a write.
     * @param argv its arguments.
     * @return the reply.
     */
    public Object executeRead(final CommandSpec spec, final byte[][] argv)
    {
        return dispatchLocally(spec, argv);
    }

    /**
     * Run a MULTI/EXEC transaction as one batch on the writer. The reply is an array of the commands' replies, or
     * null (a null array) if a watched key changed. A transaction containing a write is refused with READONLY on a
     * replica, as Redis refuses the EXEC.
     *
     * @param transaction the transaction; copied, so the caller may clear it at once.
     * @param callback    receives the reply on the writer thread.
     */
    public void submit(final Transaction transaction, final WriteCallback callback)
    {
        if (onWriterThread())
        {
            callback.onReply(CallbackRequest.reply(writer.runInline(transaction::run)));
            return;
        }
        final Transaction copy = transaction.copy();
        enqueue(new CallbackRequest(copy::run, callback));
    }

    /**
     * Queue an asynchronous request, waiting (without driving the writer) while the queue is full.
     */
    private void enqueue(final WriteRequest request)
    {
        checkInvoker();
        sequencer.submit(request, null);
    }

    /**
     * INVOKER mode: run one duty cycle of the writer on this thread, for a caller waiting for it.
     */
    private void drive()
    {
        invoker.invoke();
        checkInvoker();
    }

    /**
     * agrona's AgentInvoker stops for good, without closing its agent, when the invoking thread is interrupted while
     * the writer is idle. Writes waiting for it would wait for ever: fail them, and refuse later ones.
     */
    private void checkInvoker()
    {
        if (invoker != null && invoker.isStarted() && !invoker.isRunning() && !sequencer.isClosed())
        {
            sequencer.close("the writer is not running: its AgentInvoker stopped, as agrona's does when the " +
                "invoking thread is interrupted while the writer is idle");
        }
    }

    private CommandSpec resolve(final byte[][] argv)
    {
        if (argv.length == 0)
        {
            throw new IllegalArgumentException("a command needs at least its name");
        }
        for (int i = 0; i < argv.length; i++)
        {
            if (argv[i] == null)
            {
                throw new NullPointerException("argument " + i + " is null");
            }
        }
        return table.lookup(argv[0]);
    }

    private Object dispatchLocally(final CommandSpec spec, final byte[][] argv)
    {
        if (spec == null)
        {
            return Replies.unknownCommand(argv, argv.length);
        }
        if (!spec.arityMatches(argv.length))
        {
            return Replies.wrongArity(spec.name());
        }
        return spec.execute(readContext, argv, argv.length);
    }

    /**
     * @return the error a write gets without reaching the writer (wrong arity, or a write to a replica), or null.
     */
    private Object refusal(final CommandSpec spec, final byte[][] argv)
    {
        if (!spec.arityMatches(argv.length))
        {
            return Replies.wrongArity(spec.name());
        }
        return replica ? Replies.READONLY : null;
    }

    private Object executeWrite(final CommandSpec spec, final byte[][] argv)
    {
        final Object refusal = refusal(spec, argv);
        if (refusal != null)
        {
            return refusal;
        }
        if (closed)
        {
            throw new IllegalStateException("store is closed");
        }
        if (onWriterThread())
        {
            return writer.executeInline(spec, argv);
        }
        final SyncRequest request = new SyncRequest(spec, argv);
        sequencer.submit(request, driver);
        return request.await(driver);
    }

    /**
     * @return true where a write must run inline because waiting for the writer would wait for this very thread: on
     * the writer thread, or in INVOKER mode inside the duty cycle (a completion callback). Outside the duty cycle
     * the invoking thread's writes go through the queue so the cycle's other duties run with them.
     */
    private boolean onWriterThread()
    {
        return driver == null ? writer.isWriterThread() : writer.inDutyCycle();
    }

    private static byte[][] copy(final byte[][] argv)
    {
        final byte[][] copy = new byte[argv.length][];
        for (int i = 0; i < argv.length; i++)
        {
            copy[i] = argv[i].clone();
        }
        return copy;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Snapshots.
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Write a fuzzy snapshot of the keyspace in RDB format while writes continue; the writer is never stopped.
     * <p>
     * The snapshot starts at the published log offset {@code S}. It walks the table lock-free and keeps only entries
     * the writer created before {@code S}, each of which was live at {@code S} or has since been replaced or deleted
     * by an effect at or after {@code S}. Effects are idempotent, so loading the snapshot and applying the log from
     * {@code S} reaches the master's state exactly. A key appears at most once: an entry stays in one slot of a table
     * for its life, and any entry that takes a freed slot later was created after {@code S}.
     * <p>
     * Any thread; several snapshots may run at once.
     *
     * @param out where to write the RDB bytes; flushed, not closed.
     * @return what the snapshot covers.
     * @throws IOException if writing fails.
     */
    public Snapshot writeSnapshot(final OutputStream out) throws IOException
    {
        long start;
        String replicationId;
        do
        {
            // An ID and an offset from the same history: a promotion or a load between the reads changes the ID.
            replicationId = log.replicationId();
            start = log.publishedPosition();
        }
        while (!replicationId.equals(log.replicationId()));
        final RdbWriter writer = new RdbWriter(out);
        writer.writeHeader(replicationId, start);
        writer.selectDb(0, keyspace.size(), keyspace.expiresCount());
        final IOException[] failure = new IOException[1];
        final long snapshotStart = start;
        keyspace.forEach(e ->
        {
            if (e.sequence < snapshotStart && failure[0] == null)
            {
                try
                {
                    writer.writeString(e.key(), e.value, e.expireAtMs);
                }
                catch (final IOException ex)
                {
                    failure[0] = ex;
                }
            }
        });
        if (failure[0] != null)
        {
            throw failure[0];
        }
        final long bytes = writer.finish();
        return new Snapshot(replicationId, start, writer.keyCount(), bytes);
    }

    /**
     * Replace the whole keyspace with an RDB snapshot and restart the log at the snapshot's replication ID and
     * offset, as a replica does on a full resynchronisation. Runs on the writer; other writes wait. Keys already
     * past their deadline are kept, as a replica keeps them, and are hidden from reads.
     *
     * @param in the RDB bytes; read up to the end of the RDB, not closed.
     * @return what was loaded.
     * @throws IOException if the RDB is malformed or reading fails; the keyspace is then empty.
     */
    public Snapshot loadSnapshot(final InputStream in) throws IOException
    {
        final SnapshotLoad load = new SnapshotLoad(in);
        final Object reply = runOnWriter(load);
        if (load.failure != null)
        {
            throw load.failure;
        }
        return (Snapshot)reply;
    }

    private static final class SnapshotLoad implements WriterTask
    {
        private final InputStream in;
        private IOException failure;

        SnapshotLoad(final InputStream in)
        {
            this.in = in;
        }

        public Object run(final WriterAgent writer)
        {
            final CommandContext ctx = writer.context();
            writer.streamApplier().reset();
            ctx.keyspace.clear();
            final long[] count = new long[1];
            try
            {
                final RdbInfo info = new RdbLoader(in).load((key, value, expireAtMs) ->
                {
                    // Sequence -1: loaded entries precede every offset, so a later snapshot of this store includes them.
                    ctx.keyspace.put(key, Keyspace.hash(key), value, expireAtMs, -1);
                    count[0]++;
                });
                final String replicationId = info.replId() != null ? info.replId() : ReplicationLog.newReplicationId();
                final long offset = Math.max(0, info.replOffset());
                ctx.log.reset(replicationId, offset);
                return new Snapshot(replicationId, offset, count[0], info.length());
            }
            catch (final IOException ex)
            {
                ctx.keyspace.clear();
                failure = ex;
                return null;
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Replication state.
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * @return the published replication offset ({@code master_repl_offset}).
     */
    public long replicationOffset()
    {
        return log.publishedPosition();
    }

    /**
     * Wait until the replication offset reaches {@code offset}.
     *
     * @param offset  the offset to reach.
     * @param timeout the longest wait.
     * @return true if reached, false on timeout.
     */
    public boolean awaitOffset(final long offset, final Duration timeout)
    {
        if (onWriterThread())
        {
            return log.publishedPosition() >= offset;
        }
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (log.publishedPosition() < offset)
        {
            if (System.nanoTime() - deadline >= 0)
            {
                return false;
            }
            if (driver != null)
            {
                driver.run();
            }
            else
            {
                LockSupport.parkNanos(50_000L);
            }
        }
        return true;
    }

    /**
     * Apply a piece of a master's replication stream, as received: complete commands are applied and appended
     * unchanged to this store's log; a trailing partial command waits for the next piece. Pieces are applied in the
     * order this method is called. Any thread; does not wait for the writer.
     *
     * @param bytes  the piece; copied before this method returns.
     * @param offset first byte.
     * @param length number of bytes.
     * @return completes with this store's log position after the piece, or exceptionally if the stream is malformed
     * (the partial command is then discarded and the link must resynchronise).
     */
    public CompletableFuture<Object> applyStream(final byte[] bytes, final int offset, final int length)
    {
        final byte[] copy = java.util.Arrays.copyOfRange(bytes, offset, offset + length);
        final WriterTask task = writer ->
        {
            writer.streamApplier().apply(copy, 0, copy.length);
            return writer.context().log.position();
        };
        return runOnWriterAsync(task);
    }

    WriteSequencer sequencer()
    {
        return sequencer;
    }

    AgentRunner runner()
    {
        return runner;
    }

    /**
     * Run a task on the writer without waiting for it, in order with the commands submitted from this thread.
     *
     * @param task the task.
     * @return completes with the task's result, or exceptionally with what it threw.
     */
    CompletableFuture<Object> runOnWriterAsync(final WriterTask task)
    {
        if (onWriterThread())
        {
            final Object reply = writer.runInline(task);
            return reply instanceof TaskFailure ? CompletableFuture.failedFuture(((TaskFailure)reply).cause) :
                CompletableFuture.completedFuture(reply);
        }
        final CommandRequest request = new CommandRequest(task);
        enqueue(request);
        return request.future();
    }

    /**
     * Become a master (REPLICAOF NO ONE): accept writes, expire keys, and shift the replication ID so that replicas
     * of the old master can partially resynchronise with this one. Waits for the writer.
     */
    public void promote()
    {
        runOnWriter(writer ->
        {
            writer.promote();
            return null;
        });
        replica = false;
    }

    /**
     * Become a read-only replica: client writes get Redis's READONLY error and keys are no longer expired here.
     * Waits for the writer.
     */
    public void demote()
    {
        replica = true;
        runOnWriter(writer ->
        {
            writer.demote();
            return null;
        });
    }

    private Object runOnWriter(final WriterTask task)
    {
        if (onWriterThread())
        {
            final Object reply = writer.runInline(task);
            if (reply instanceof TaskFailure)
            {
                throw ((TaskFailure)reply).cause;
            }
            return reply;
        }
        final SyncRequest request = new SyncRequest(task);
        sequencer.submit(request, driver);
        return request.await(driver);
    }

    /**
     * @return keys the active expiry cycle has deleted (INFO stats {@code expired_keys}).
     */
    public long expiredKeys()
    {
        return writer.expiredKeys();
    }

    /**
     * @return true if this store is a read-only replica.
     */
    public boolean isReplica()
    {
        return replica;
    }

    /**
     * @return the keyspace, for lock-free reads and iteration.
     */
    public Keyspace keyspace()
    {
        return keyspace;
    }

    /**
     * @return the replication log.
     */
    public ReplicationLog log()
    {
        return log;
    }

    /**
     * @return the command table.
     */
    public CommandTable commandTable()
    {
        return table;
    }

    /**
     * @return the configuration.
     */
    public StoreConfig config()
    {
        return config;
    }

    /**
     * The writer agent, for {@link StoreConfig.ThreadingMode#EXTERNAL} mode, where the embedding code runs it. A command
     * that throws only gets an error reply; should the writer itself fail, it fails every waiting write, refuses later
     * ones, and throws an {@link org.agrona.concurrent.AgentTerminationException}, which stops the agent runner or
     * invoker that runs it (with any agents composed with it).
     *
     * @return the writer agent.
     */
    public org.agrona.concurrent.Agent writerAgent()
    {
        return writer;
    }

    /**
     * In {@link StoreConfig.ThreadingMode#EXTERNAL} mode, how producers wake the thread that runs the writer when
     * they queue work for it.
     *
     * @param handler called on the producer's thread after each submission; must be cheap and threadsafe.
     */
    public void wakeHandler(final Runnable handler)
    {
        idle.wakeHandler(handler);
    }

    /**
     * The writer's invoker in {@link StoreConfig.ThreadingMode#INVOKER} mode. Interrupting the thread that calls its
     * {@code invoke()} while the writer is idle stops it for good, as agrona's invokers do; the store then fails the
     * writes waiting for it and refuses later ones with an IllegalStateException.
     *
     * @return the invoker, or null in other modes.
     */
    public AgentInvoker invoker()
    {
        return invoker;
    }

    /**
     * Stop the writer and fail any request still queued. Idempotent.
     */
    public void close()
    {
        if (closed)
        {
            return;
        }
        closed = true;
        CloseHelper.closeAll(runner, invoker);
        sequencer.close();
    }
}
