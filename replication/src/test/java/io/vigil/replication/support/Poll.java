package io.vigil.replication.support;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Waits for a condition with a deadline, checking it every few milliseconds. Stateless and threadsafe.
 */
public final class Poll
{
    private Poll()
    {
    }

    /**
     * @param timeout   longest wait.
     * @param condition what to wait for.
     * @param what      what is awaited, for the failure message.
     */
    public static void await(final Duration timeout, final BooleanSupplier condition, final String what)
    {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() > deadline)
            {
                fail("timed out after " + timeout + " waiting for " + what);
            }
            try
            {
                Thread.sleep(5);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }
}
