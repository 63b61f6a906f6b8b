package io.vigil.benchmarks;

import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A benchmark thread's position in a precomputed random order, so that choosing the next key costs one array load
 * and no random number generation is measured. Each thread starts at a random point of the order so that two
 * threads walking the same order do not touch the same keys at the same time.
 */
@State(Scope.Thread)
public class Cursor
{
    private static final int MASK = BenchmarkData.ORDER_LENGTH - 1;

    private int position;

    /**
     * Start at a random point of the order.
     */
    @Setup
    public void start()
    {
        position = ThreadLocalRandom.current().nextInt(BenchmarkData.ORDER_LENGTH);
    }

    /**
     * @param order a random order of {@link BenchmarkData#ORDER_LENGTH} indexes.
     * @return the next index of the order.
     */
    int next(final int[] order)
    {
        return order[position++ & MASK];
    }

    /**
     * @return an index into the value pool that changes on every call to {@link #next}.
     */
    int valueIndex()
    {
        return position & (BenchmarkData.VALUE_POOL - 1);
    }
}
