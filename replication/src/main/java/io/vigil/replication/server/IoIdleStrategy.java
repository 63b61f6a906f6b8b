package io.vigil.replication.server;

import io.vigil.replication.transport.Transport;
import org.agrona.concurrent.IdleStrategy;

/**
 * Idle strategy of the I/O thread: spin briefly while work keeps coming, then block in the transport's selector, which
 * network events and the writer's completions ({@link Transport#wakeup()}) cut short.
 * Used by the I/O thread only.
 */
public final class IoIdleStrategy implements IdleStrategy
{
    private static final int SPINS = 200;
    private static final long MAX_WAIT_MS = 100;

    private final Transport transport;
    private int idleCount;

    /**
     * @param transport the transport whose selector to block in.
     */
    public IoIdleStrategy(final Transport transport)
    {
        this.transport = transport;
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
        else
        {
            transport.await(MAX_WAIT_MS);
        }
    }

    public void reset()
    {
        idleCount = 0;
    }

    public String alias()
    {
        return "vigil-io-select";
    }
}
