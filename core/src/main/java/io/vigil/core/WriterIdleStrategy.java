package io.vigil.core;

import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * The writer's idle strategy: spin, then yield, then park until a producer wakes it. Spinning keeps a synchronous
 * write's latency in the microseconds while work keeps coming; parking keeps an idle store off the CPU, and the wake-up
 * on submission means a parked writer costs one unpark rather than a whole park period.
 * <p>
 * {@link #idle(int)} is called by the writer thread only; {@link #wake()} by any producer.
 */
final class WriterIdleStrategy implements IdleStrategy
{
    private static final int SPINS = 2_000;
    private static final int YIELDS = 20;

    private final long maxParkNs;
    private BooleanSupplier hasWork = () -> false;
    private volatile Thread sleeper;
    private volatile Runnable wakeHandler;
    private int idleCount;

    /**
     * @param maxParkNs longest park, which bounds how late a timed duty (the expiry cycle) may run.
     */
    WriterIdleStrategy(final long maxParkNs)
    {
        this.maxParkNs = maxParkNs;
    }

    void hasWork(final BooleanSupplier hasWork)
    {
        this.hasWork = hasWork;
    }

    public void idle(final int workCount)
    {
        if (workCount > 0)
        {
            idleCount = 0;
        }
        else
        {
            idle();
        }
    }

    public void idle()
    {
        if (idleCount < SPINS)
        {
            idleCount++;
            Thread.onSpinWait();
        }
        else if (idleCount < SPINS + YIELDS)
        {
            idleCount++;
            Thread.yield();
        }
        else
        {
            sleeper = Thread.currentThread();
            if (!hasWork.getAsBoolean())
            {
                LockSupport.parkNanos(this, maxParkNs);
            }
            sleeper = null;
        }
    }

    public void reset()
    {
        idleCount = 0;
    }

    /**
     * Unpark the writer if it is parked. Any thread.
     */
    void wake()
    {
        final Runnable handler = wakeHandler;
        if (handler != null)
        {
            handler.run();
            return;
        }
        final Thread t = sleeper;
        if (t != null)
        {
            LockSupport.unpark(t);
        }
    }

    /**
     * @param handler replaces the unpark: wakes whatever thread runs the writer in EXTERNAL mode.
     */
    void wakeHandler(final Runnable handler)
    {
        this.wakeHandler = handler;
    }

    public String alias()
    {
        return "vigil-writer-backoff";
    }
}
