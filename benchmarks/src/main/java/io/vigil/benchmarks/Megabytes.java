package io.vigil.benchmarks;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Counts the bytes a benchmark produced, reported by JMH as an extra {@code :megabytes} row. In a Throughput
 * benchmark with an output time unit of seconds that row reads in megabytes (10^6 bytes) per second.
 */
@State(Scope.Thread)
@AuxCounters(AuxCounters.Type.OPERATIONS)
public class Megabytes
{
    long bytes;

    /**
     * Start each iteration from zero.
     */
    @Setup(Level.Iteration)
    public void reset()
    {
        bytes = 0;
    }

    /**
     * @return megabytes produced during the iteration.
     */
    public double megabytes()
    {
        return bytes / 1e6;
    }
}
