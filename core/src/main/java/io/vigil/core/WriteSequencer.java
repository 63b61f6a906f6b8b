package io.vigil.core;

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
        if (closed && SLOT.compareAndSet(pending, slot, request, null))
        {
            // close() swept the slots before this request arrived; the writer will never take it.
            throw refusal();
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
        return ring.read(handler, limit);
    }

    /**
     * Writer only: take the request in a slot named by a record, freeing the slot.
     */
    WriteRequest take(final int slot)
    {
        // One atomic exchange: a close() sweeping the slots from another thread, or a submitter withdrawing its request
        // after a close, gets the request or the writer does, never both.
        return (WriteRequest)SLOT.getAndSet(pending, slot, null);
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
