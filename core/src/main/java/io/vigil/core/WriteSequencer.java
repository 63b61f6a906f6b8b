package io.vigil.core;

import org.agrona.BitUtil;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBuffer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The way into the writer: any number of producer threads hand it {@link WriteRequest}s; the one writer takes them in
 * order through a {@link ManyToOneRingBuffer}.
 * <p>
 * The ring carries only a slot number per request. The request object itself waits in a slot of {@code pending},
 * claimed with a CAS before the record is committed and released by the writer when it takes it. The ring's commit
 * is a release store and its read an acquire load, so the writer always sees the request, and arguments reach the
 * writer without being copied or serialised.
 * <p>
 * Who owns a queued request: the writer, which takes it; {@link #close}, which fails it; or, after a close, its
 * submitter, which withdraws it and throws. The writer takes with a plain load and store, not an atomic exchange:
 * an exchange is a full fence on x86 and would serialise the cache misses of a whole batch. So the two others never
 * touch a slot while the writer is taking: the writer raises {@code polling} and then reads {@code closed}, a closer
 * raises {@code closed} and then waits while {@code polling} is up (Dekker's handshake, both with volatile access). A
 * writer that sees {@code closed} takes nothing more.
 * <pre>
 *   record:  0        4        8       12
 *            | length | type   | slot  | pad |
 * </pre>
 * Producer methods are threadsafe; {@link #poll} and {@link #take} are for the writer thread only.
 */
final class WriteSequencer
{
    private static final Logger LOG = LoggerFactory.getLogger(WriteSequencer.class);
    static final int MSG_REQUEST = 1;
    private static final int RECORD_LENGTH = 16;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(WriteRequest[].class);

    private final ManyToOneRingBuffer ring;
    private final WriteRequest[] pending;
    private final int mask;
    private final WriterIdleStrategy writerIdle;
    private volatile boolean closed;
    /**
     * The flag that is up (1) while the writer takes requests from their slots; see the class comment. Alone on a
     * cache line of its own: the writer writes it twice per duty cycle, and producers read this object's fields on
     * every submission.
     */
    private final UnsafeBuffer polling = new UnsafeBuffer(
        org.agrona.BufferUtil.allocateDirectAligned(BitUtil.CACHE_LINE_LENGTH, BitUtil.CACHE_LINE_LENGTH));
    private volatile String closedReason = "store is closed";

    WriteSequencer(final StoreConfig config, final WriterIdleStrategy writerIdle)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(
            org.agrona.BufferUtil.allocateDirectAligned(config.writerQueueBufferLength(), 64));
        ring = new ManyToOneRingBuffer(buffer);
        pending = new WriteRequest[config.writerQueueCapacity() / RECORD_LENGTH];
        mask = pending.length - 1;
        this.writerIdle = writerIdle;
    }

    /**
     * Hand a request to the writer, waiting while the queue is full.
     *
     * @param request the request.
     * @param driver  runs the writer inline while waiting when the application drives it, or null.
     * @throws IllegalStateException if the store is closed.
     */
    void submit(final WriteRequest request, final Runnable driver)
    {
        if (closed)
        {
            throw refusal();
        }
        final int slot = (int)(ring.nextCorrelationId() & mask);
        while (!SLOT.compareAndSet(pending, slot, null, request))
        {
            if (closed)
            {
                throw refusal(); // The request is in no slot yet.
            }
            backOff(driver);
        }
        int index;
        while ((index = ring.tryClaim(MSG_REQUEST, 4)) <= 0)
        {
            // The request is in its slot but in no record, so the writer cannot take it; a close may sweep it.
            if (closed || index != RingBuffer.INSUFFICIENT_CAPACITY)
            {
                if (!SLOT.compareAndSet(pending, slot, request, null))
                {
                    return; // close() swept the slot and failed the request: it has its reply.
                }
                throw index == RingBuffer.INSUFFICIENT_CAPACITY ? refusal() :
                    new IllegalStateException("writer queue rejected a request: " + index);
            }
            backOff(driver);
        }
        ring.buffer().putInt(index, slot);
        ring.commit(index);
        if (closed)
        {
            awaitPollEnd();
            if (SLOT.compareAndSet(pending, slot, request, null))
            {
                // close() swept the slots before this request arrived, and the writer takes nothing more.
                throw refusal();
            }
        }
        writerIdle.wake();
    }

    private static void backOff(final Runnable driver)
    {
        if (driver != null)
        {
            driver.run();
        }
        else
        {
            Thread.yield();
        }
    }

    /**
     * Writer only: deliver up to {@code limit} queued records to the handler.
     */
    int poll(final org.agrona.concurrent.MessageHandler handler, final int limit)
    {
        final UnsafeBuffer polling = this.polling;
        polling.putIntVolatile(0, 1);
        try
        {
            return closed ? 0 : ring.read(handler, limit);
        }
        finally
        {
            // Only the raise takes part in the handshake; the lowering needs no fence, only to publish the takes.
            polling.putIntRelease(0, 0);
        }
    }

    /**
     * Writer only, from the handler of {@link #poll}: take the request in a slot named by a record, freeing the slot.
     */
    WriteRequest take(final int slot)
    {
        final WriteRequest request = (WriteRequest)SLOT.getAcquire(pending, slot);
        SLOT.setRelease(pending, slot, null);
        return request;
    }

    /**
     * Wait until the writer is not taking requests. Called after {@code closed} is up, so the writer takes nothing
     * more once this returns. A {@link #poll} runs no application code, and one that starts after {@code closed} is
     * up takes nothing, so the wait is short.
     */
    private void awaitPollEnd()
    {
        for (int spins = 0; polling.getIntVolatile(0) != 0; spins++)
        {
            if (spins < 1_000)
            {
                Thread.onSpinWait();
            }
            else
            {
                Thread.yield();
            }
        }
    }

    /**
     * @return number of requests waiting for the writer.
     */
    int queued()
    {
        return ring.size() / RECORD_LENGTH;
    }

    /**
     * @return true if records are waiting.
     */
    boolean hasWork()
    {
        return ring.size() > 0;
    }

    /**
     * Stop accepting requests and fail every request still waiting.
     */
    void close()
    {
        close("store is closed");
    }

    /**
     * Stop accepting requests and fail every request still waiting.
     *
     * @param why the message the failed requests and later submitters get.
     */
    void close(final String why)
    {
        if (!closed)
        {
            closedReason = why;
            closed = true;
        }
        awaitPollEnd();
        final IllegalStateException reason = new IllegalStateException(closedReason);
        for (int i = 0; i < pending.length; i++)
        {
            final WriteRequest request = (WriteRequest)SLOT.getAndSet(pending, i, null);
            if (request != null)
            {
                try
                {
                    request.fail(reason);
                }
                catch (final Throwable ex)
                {
                    // One failing callback must not leave the other requests waiting.
                    LOG.error("completion callback failed", ex);
                }
            }
        }
    }

    /**
     * @return the exception a submitter gets once the sequencer is closed.
     */
    IllegalStateException refusal()
    {
        return new IllegalStateException(closedReason);
    }

    boolean isClosed()
    {
        return closed;
    }
}
