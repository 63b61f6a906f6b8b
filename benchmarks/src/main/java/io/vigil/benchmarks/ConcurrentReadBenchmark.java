package io.vigil.benchmarks;

import io.vigil.core.Entry;
import io.vigil.core.Keyspace;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Reads under a concurrent writer: one thread overwrites random keys as fast as it can while another looks up random
 * keys, over the same 1,000,000 keys of 16 bytes with 64-byte values. Two JMH groups, one per table, each of one
 * writer thread and one reader thread (sized for a 2-core machine):
 * <ul>
 *     <li>{@code readWhileWritingVigil}: {@code putVigil} is the keyspace's single writer ({@link Keyspace#put}),
 *     {@code getVigil} reads lock-free ({@link Keyspace#get(byte[])}).</li>
 *     <li>{@code readWhileWritingConcurrentHashMap}: {@code putConcurrentHashMap} and {@code getConcurrentHashMap},
 *     the same operations on a ConcurrentHashMap keyed by {@link BytesKey} (see {@link KeyspaceBenchmark} for why
 *     that keying is the like-for-like anchor).</li>
 * </ul>
 * Mode: average time per operation in nanoseconds, reported for each method of a group; the reader rows
 * ({@code getVigil} against {@code getConcurrentHashMap}) are the comparison this benchmark is for.
 * <p>
 * The table is {@link Scope#Group} state, so running with more threads ({@code -t 4}) makes more groups, each with
 * its own table and still exactly one writer per keyspace.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    ForkOptions.AGRONA, ForkOptions.HEAP_INITIAL, ForkOptions.HEAP_MAX, ForkOptions.PRE_TOUCH })
public class ConcurrentReadBenchmark
{
    /**
     * A keyspace holding every key, shared by the threads of one group.
     */
    @State(Scope.Group)
    public static class VigilTable
    {
        Keyspace keyspace;
        long sequence; // written by the group's one writer thread only

        /**
         * Fill the keyspace.
         *
         * @param data the keys and values.
         */
        @Setup(Level.Trial)
        public void fill(final MillionKeys data)
        {
            keyspace = new Keyspace(MillionKeys.COUNT);
            for (final int i : data.fillOrder)
            {
                final byte[] key = data.keys[i];
                keyspace.put(key, Keyspace.hash(key), data.initialValue(i), Entry.NO_EXPIRY, sequence++);
            }
        }
    }

    /**
     * A ConcurrentHashMap holding every key, shared by the threads of one group.
     */
    @State(Scope.Group)
    public static class MapTable
    {
        ConcurrentHashMap<BytesKey, byte[]> map;

        /**
         * Fill the map.
         *
         * @param data the keys and values.
         */
        @Setup(Level.Trial)
        public void fill(final MillionKeys data)
        {
            map = new ConcurrentHashMap<>(MillionKeys.COUNT);
            for (final int i : data.fillOrder)
            {
                map.put(new BytesKey(data.keys[i]), data.initialValue(i));
            }
        }
    }

    /**
     * Vigil reader: lock-free lookup while {@link #putVigil} writes.
     *
     * @param data   the keys.
     * @param table  the keyspace.
     * @param cursor this thread's position in the random order.
     * @return the value found.
     */
    @Benchmark
    @Group("readWhileWritingVigil")
    @GroupThreads(1)
    public byte[] getVigil(final MillionKeys data, final VigilTable table, final Cursor cursor)
    {
        final Entry e = table.keyspace.get(data.probes[cursor.next(data.order)]);
        return e == null ? null : e.value();
    }

    /**
     * Vigil writer: the group's single writer thread overwrites random keys with {@link Keyspace#put}.
     *
     * @param data   the keys and values.
     * @param table  the keyspace.
     * @param cursor this thread's position in the random order.
     * @return the entry replaced.
     */
    @Benchmark
    @Group("readWhileWritingVigil")
    @GroupThreads(1)
    public Entry putVigil(final MillionKeys data, final VigilTable table, final Cursor cursor)
    {
        final byte[] key = data.probes[cursor.next(data.order)];
        return table.keyspace.put(
            key, Keyspace.hash(key), data.values[cursor.valueIndex()], Entry.NO_EXPIRY, ++table.sequence);
    }

    /**
     * Anchor reader: ConcurrentHashMap lookup while {@link #putConcurrentHashMap} writes.
     *
     * @param data   the keys.
     * @param table  the map.
     * @param cursor this thread's position in the random order.
     * @return the value found.
     */
    @Benchmark
    @Group("readWhileWritingConcurrentHashMap")
    @GroupThreads(1)
    public byte[] getConcurrentHashMap(final MillionKeys data, final MapTable table, final Cursor cursor)
    {
        return table.map.get(new BytesKey(data.probes[cursor.next(data.order)]));
    }

    /**
     * Anchor writer: ConcurrentHashMap.put of random keys.
     *
     * @param data   the keys and values.
     * @param table  the map.
     * @param cursor this thread's position in the random order.
     * @return the value replaced.
     */
    @Benchmark
    @Group("readWhileWritingConcurrentHashMap")
    @GroupThreads(1)
    public byte[] putConcurrentHashMap(final MillionKeys data, final MapTable table, final Cursor cursor)
    {
        final byte[] key = data.probes[cursor.next(data.order)];
        return table.map.put(new BytesKey(key), data.values[cursor.valueIndex()]);
    }
}
