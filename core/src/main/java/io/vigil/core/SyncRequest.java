package io.vigil.core;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * A command for the writer whose caller waits for it: spins briefly, then yields, then parks until the writer
 * completes it. A new instance per call, not one reused per thread: a reused one is soon an old object, and under
 * Java 17's G1 every reference stored into an old object (the arguments by the caller, the reply by the writer) runs
 * the post-write barrier's StoreLoad fence and dirties a card. Into a young one it does neither. Measured in
 * {@code WritePathBenchmark.syncSetVigil}, three alternating rounds: p50 1.78, 1.44 and 1.38 µs against 2.17, 1.82
 * and 1.67 reused.
 * <p>
 * Fields are set by the calling thread before submission and read by the writer after it takes the request from
 * the sequencer (a release/acquire handoff); the reply travels back through the release store of {@code done}.
 */
final class SyncRequest extends WriteRequest
{
    private static final int SPINS = 200;
    private static final int YIELDS = 10;
    private static final VarHandle DONE;

    static
    {
        try
        {
            DONE = MethodHandles.lookup().findVarHandle(SyncRequest.class, "done", boolean.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final Thread owner = Thread.currentThread();
    private Object reply;
    private RuntimeException failure;
    @SuppressWarnings("unused") // accessed through DONE
    private boolean done;
    private volatile boolean parked;

    SyncRequest(final CommandSpec spec, final byte[][] argv)
    {
        this.spec = spec;
        this.argv = argv;
    }

    SyncRequest(final WriterTask task)
    {
        this.task = task;
    }

    void complete(final Object reply)
    {
        if (reply instanceof TaskFailure)
        {
            this.failure = ((TaskFailure)reply).cause;
        }
        else
        {
            this.reply = reply;
        }
        signal();
    }

    void fail(final RuntimeException reason)
    {
        this.failure = reason;
        signal();
    }

    private void signal()
    {
        DONE.setVolatile(this, true);
        if (parked)
        {
            LockSupport.unpark(owner);
        }
    }

    /**
     * Wait for the writer. Called by the owning thread only.
     *
     * @param driver runs the writer inline while waiting when the application drives it, or null.
     * @return the reply.
     */
    Object await(final Runnable driver)
    {
        int spins = 0;
        while (!(boolean)DONE.getAcquire(this))
        {
            if (driver != null)
            {
                driver.run();
            }
            else if (spins < SPINS)
            {
                spins++;
                Thread.onSpinWait();
            }
            else if (spins < SPINS + YIELDS)
            {
                spins++;
                Thread.yield();
            }
            else
            {
                parked = true;
                if (!(boolean)DONE.getVolatile(this))
                {
                    LockSupport.parkNanos(this, 1_000_000L);
                }
                parked = false;
            }
        }
        if (failure != null)
        {
            throw failure;
        }
        return reply;
    }
}
