package io.vigil.core;

import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentTerminationException;
import org.agrona.concurrent.MessageHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single writer: the only thread that mutates the keyspace and appends to the replication log.
 * <p>
 * Its duty cycle, top to bottom:
 * <ol>
 *     <li>fix the time for the batch (Redis's command time snapshot);</li>
 *     <li>drain a batch of requests from the {@link WriteSequencer}, applying each to the keyspace and appending its
 *     effects to the log;</li>
 *     <li>publish the log up to the end of the batch, then complete the batch's callers, so a completed caller's
 *     effect is in both the keyspace and the log;</li>
 *     <li>on a master, run the active expiry cycle {@code hz} times a second.</li>
 * </ol>
 * This class is not threadsafe: every method runs on the writer thread.
 */
final class WriterAgent implements Agent, MessageHandler
{
    private static final Logger LOG = LoggerFactory.getLogger(WriterAgent.class);
    private static final int BATCH_LIMIT = 256;
    /** server.h ACTIVE_EXPIRE_CYCLE_ACCEPTABLE_STALE: keep sampling while more than 10% of samples had expired. */
    private static final int ACCEPTABLE_STALE_PERCENT = 10;
    /** Slots examined per sampling step. */
    private static final int EXPIRE_SLOTS_PER_LOOP = 400;
    /** server.h ACTIVE_EXPIRE_CYCLE_SLOW_TIME_PERC: share of each cycle's period it may use. */
    private static final int EXPIRE_TIME_PERCENT = 25;

    private final WriteSequencer sequencer;
    private final CommandContext ctx;
    private final ReplicationLog log;
    private final Keyspace keyspace;
    private final StoreConfig config;
    private final int[] batchHashes = new int[BATCH_LIMIT];
    /*
     * The batch's arrays of references, kept young as the keyspace keeps its chunks young. Under Java 17's G1, storing
     * a reference to an object in another region into an old array runs the post-write barrier's StoreLoad fence
     * (and dirties a card for refinement); into a young array it does neither. A fence per store would serialise the
     * cache misses the batch overlaps, so the arrays are replaced by new, empty ones before a batch whenever the
     * keyspace has seen a collection since they were allocated.
     */
    private WriteRequest[] batch;
    private Object[] replies;
    private byte[][] batchKeys;
    private Entry[] batchSlots;
    private long batchArraysCollections = -1;
    private final Keyspace.ExpiredHandler onExpired = this::onExpired;
    private final StreamApplier streamApplier;
    private int batchSize;
    private int applied;
    private boolean inDutyCycle;
    private boolean failed;
    private long nextExpireCycleMs;
    private long expiredKeys;
    private volatile long publishedExpiredKeys;
    private long commandsProcessed;
    private Thread thread;

    WriterAgent(final WriteSequencer sequencer, final CommandContext ctx, final StoreConfig config)
    {
        this.sequencer = sequencer;
        this.ctx = ctx;
        this.log = ctx.log;
        this.keyspace = ctx.keyspace;
        this.config = config;
        ctx.replica = config.replica();
        streamApplier = new StreamApplier(ctx, CommandTable.standard());
        renewBatchArrays();
    }

    /**
     * Replace the batch's arrays of references by young ones if the keyspace has seen a collection since they were
     * allocated. Only between batches, when they are empty.
     */
    private void renewBatchArrays()
    {
        final long collections = keyspace.collectionsSeen();
        if (collections != batchArraysCollections)
        {
            batchArraysCollections = collections;
            batch = new WriteRequest[BATCH_LIMIT];
            replies = new Object[BATCH_LIMIT];
            batchKeys = new byte[BATCH_LIMIT][];
            batchSlots = new Entry[BATCH_LIMIT];
            ctx.hashedKeys(batchKeys, batchHashes);
        }
    }

    public void onStart()
    {
        thread = Thread.currentThread();
    }

    public int doWork()
    {
        if (inDutyCycle || failed)
        {
            // Re-entered from a completion callback on the invoking thread (its writes run inline instead), or called
            // again after the writer failed and closed its queue.
            return 0;
        }
        inDutyCycle = true;
        try
        {
            return dutyCycle();
        }
        catch (final Throwable ex)
        {
            // The writer itself failed, not one request: complete what the batch applied, fail the rest and every
            // queued request, refuse new ones, and stop the agent.
            failed = true;
            try
            {
                finishBatch(ex);
            }
            catch (final Throwable publishFailure)
            {
                ex.addSuppressed(publishFailure);
            }
            sequencer.close("the writer failed: " + ex);
            throw new AgentTerminationException("the writer failed", ex);
        }
        finally
        {
            inDutyCycle = false;
        }
    }

    private int dutyCycle()
    {
        ctx.nowMs = ctx.clock.time();
        renewBatchArrays();
        int work = sequencer.poll(this, BATCH_LIMIT);
        if (work > 0)
        {
            applyBatch();
            finishBatch(null);
        }
        if (ctx.nowMs >= nextExpireCycleMs)
        {
            nextExpireCycleMs = ctx.nowMs + 1000 / config.hz();
            work += activeExpireCycle();
        }
        return work;
    }

    public void onMessage(final int msgTypeId, final MutableDirectBuffer buffer, final int index, final int length)
    {
        final WriteRequest request = sequencer.take(buffer.getInt(index));
        if (request != null)
        {
            // Never null while the sequencer is open, and a closed one is not polled; checked all the same.
            batch[batchSize++] = request;
        }
    }

    /**
     * Apply the batch in order. With more than one request, first hash every request's first key and load the table
     * lines their lookups need ({@link Keyspace#prefetch}): a write to a random key costs a few cache misses, and
     * taken together for the batch they overlap.
     * <p>
     * A request that throws, even an {@link Error} such as running out of heap for one huge value, gets an error
     * reply and the batch goes on: every request is applied exactly once and the writer keeps serving.
     * {@link #applied} counts the requests that have a reply.
     */
    private void applyBatch()
    {
        final int n = batchSize;
        applied = 0;
        final byte[][] keys = batchKeys;
        if (n > 1)
        {
            for (int i = 0; i < n; i++)
            {
                keys[i] = batch[i].firstKey();
            }
            keyspace.prefetch(keys, batchHashes, batchSlots, n);
        }
        for (int i = 0; i < n; i++)
        {
            final WriteRequest request = batch[i];
            if (keys[i] != null)
            {
                ctx.hashedIndex(i);
            }
            Object reply;
            try
            {
                reply = request.apply(this);
            }
            catch (final Throwable ex)
            {
                LOG.error("request failed on the writer", ex);
                reply = request.failureReply(ex);
            }
            finally
            {
                ctx.hashedIndex(-1);
            }
            replies[i] = reply;
            applied = i + 1;
        }
    }

    /**
     * Publish the log up to the end of the batch, then complete every request of the batch: the applied ones with
     * their replies, the others (only if the writer itself failed) with an error. A failing completion does not
     * strand the rest.
     *
     * @param failure why requests past {@link #applied} were not applied, or null.
     */
    private void finishBatch(final Throwable failure)
    {
        final int n = batchSize;
        if (n == 0)
        {
            return;
        }
        final int appliedCount = applied;
        batchSize = 0;
        applied = 0;
        try
        {
            log.publish();
        }
        finally
        {
            for (int i = 0; i < n; i++)
            {
                final WriteRequest request = batch[i];
                final Object reply = replies[i];
                batch[i] = null;
                replies[i] = null;
                batchKeys[i] = null;
                try
                {
                    request.complete(i < appliedCount ? reply : request.notAppliedReply(failure));
                }
                catch (final Throwable ex)
                {
                    LOG.error("completion callback failed", ex);
                }
            }
            commandsProcessed += n;
        }
    }

    /**
     * Run one command outside a batch, when the caller is already on the writer thread: apply it, publish the log,
     * and return the reply. A handler's exception becomes an error reply, as in a batch.
     */
    Object executeInline(final CommandSpec spec, final byte[][] argv)
    {
        refuseIfFailed();
        ctx.nowMs = ctx.clock.time();
        Object reply;
        try
        {
            reply = execute(spec, argv, argv.length);
        }
        catch (final Throwable ex)
        {
            LOG.error("request failed on the writer", ex);
            reply = Replies.thrown(ex);
        }
        finally
        {
            log.publish();
        }
        commandsProcessed++;
        return reply;
    }

    /**
     * Run a task outside a batch, when the caller is already on the writer thread: run it and publish the log.
     *
     * @param task the task.
     * @return its result, or a {@link TaskFailure} with what it threw.
     */
    Object runInline(final WriterTask task)
    {
        refuseIfFailed();
        try
        {
            return task.run(this);
        }
        catch (final Throwable ex)
        {
            return TaskFailure.of(ex);
        }
        finally
        {
            log.publish();
        }
    }

    /**
     * Run one command on the writer.
     */
    Object execute(final CommandSpec spec, final byte[][] argv, final int argc)
    {
        if (ctx.replica && spec.isWrite())
        {
            return Replies.READONLY;
        }
        return spec.execute(ctx, argv, argc);
    }

    /**
     * A failed writer's own thread (a completion callback, or the embedder's thread in EXTERNAL mode) is refused
     * like every other caller.
     */
    private void refuseIfFailed()
    {
        if (failed)
        {
            throw sequencer.refusal();
        }
    }

    StreamApplier streamApplier()
    {
        return streamApplier;
    }

    /**
     * Become a master: accept writes, run the expiry cycle, and keep the old replication ID as the secondary one so
     * replicas of the old master can resynchronise partially (replication.c shiftReplicationId).
     */
    void promote()
    {
        if (ctx.replica)
        {
            ctx.replica = false;
            streamApplier.reset();
            log.shiftReplicationId();
            log.publish();
        }
    }

    /**
     * Become a read-only replica: refuse client writes and stop expiring keys.
     */
    void demote()
    {
        ctx.replica = true;
        streamApplier.reset();
    }

    /**
     * expire.c activeExpireCycle, slow variant: sample keys with a deadline from a persistent cursor, delete the
     * expired ones and log a DEL for each, and repeat while more than 10% of a sample had expired, within a quarter
     * of the cycle period. A replica never expires keys on its own.
     */
    private int activeExpireCycle()
    {
        if (ctx.replica || keyspace.expiresCount() == 0)
        {
            return 0;
        }
        final long deadlineNs = System.nanoTime() + 1_000_000_000L / config.hz() * EXPIRE_TIME_PERCENT / 100;
        final long before = expiredKeys;
        int sampled;
        long expiredInLoop;
        do
        {
            final long start = expiredKeys;
            sampled = keyspace.sampleExpired(ctx.nowMs, EXPIRE_SLOTS_PER_LOOP, onExpired);
            expiredInLoop = expiredKeys - start;
        }
        while (sampled > 0 &&
            expiredInLoop * 100 > (long)sampled * ACCEPTABLE_STALE_PERCENT &&
            System.nanoTime() < deadlineNs);

        final int expired = (int)(expiredKeys - before);
        if (expired > 0)
        {
            log.publish();
            publishedExpiredKeys = expiredKeys;
        }
        return expired;
    }

    private void onExpired(final byte[] key)
    {
        expiredKeys++;
        log.appendDel(key);
    }

    /**
     * @return keys deleted by the active expiry cycle so far (INFO stats {@code expired_keys}); any thread.
     */
    long expiredKeys()
    {
        return publishedExpiredKeys;
    }

    /**
     * @return the collection count, as the keyspace saw it, when the batch's arrays were last replaced; writer
     * thread only, for tests.
     */
    long batchArraysCollections()
    {
        return batchArraysCollections;
    }

    /**
     * @return requests completed so far; writer thread only.
     */
    long commandsProcessed()
    {
        return commandsProcessed;
    }

    /**
     * @return true while the writer's duty cycle is running on the calling thread (completions run inside it).
     */
    boolean inDutyCycle()
    {
        return inDutyCycle && isWriterThread();
    }

    /**
     * @return true if called on the writer thread.
     */
    boolean isWriterThread()
    {
        return Thread.currentThread() == thread;
    }

    CommandContext context()
    {
        return ctx;
    }

    public void onClose()
    {
        sequencer.close();
    }

    public String roleName()
    {
        return "vigil-writer";
    }
}
