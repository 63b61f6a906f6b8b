package io.vigil.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One million keys of 16 bytes, the value pool and a random access order over the keys, shared by every thread of
 * a benchmark.
 * <p>
 * Tables are filled with {@link #keys}; lookups and writes use {@link #probes}, equal copies of the keys in other
 * arrays, as a server's freshly parsed request arguments are. So a hit really compares the key bytes, rather than
 * stopping at the identity check a real caller would never get.
 */
@State(Scope.Benchmark)
public class MillionKeys
{
    /** Number of keys. */
    public static final int COUNT = 1_000_000;

    byte[][] keys;
    byte[][] probes;
    byte[][] values;
    int[] order;
    int[] fillOrder;

    /**
     * Generate the data.
     */
    @Setup(Level.Trial)
    public void generate()
    {
        keys = BenchmarkData.keys(COUNT);
        probes = BenchmarkData.keys(COUNT);
        values = BenchmarkData.values();
        order = BenchmarkData.randomOrder(COUNT);
        fillOrder = BenchmarkData.fillOrder(COUNT);
    }

    /**
     * @param i a key index.
     * @return the value the tables are filled with for key {@code i}.
     */
    byte[] initialValue(final int i)
    {
        return values[i % BenchmarkData.VALUE_POOL];
    }
}
