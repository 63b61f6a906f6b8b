package io.vigil.benchmarks;

import io.vigil.core.Entry;
import io.vigil.core.Keyspace;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Single-threaded random access to a table of 1,000,000 keys of 16 bytes with 64-byte values: {@link Keyspace}
 * against {@link ConcurrentHashMap}.
 * <p>
 * Mode: average time per operation in nanoseconds; lower is better.
 * <ul>
 *     <li>{@code getVigil} / {@code getConcurrentHashMap} / {@code getConcurrentHashMapStringKeys}: look up a random
 *     present key and return its value.</li>
 *     <li>{@code putVigil} / {@code putConcurrentHashMap}: overwrite a random present key with another 64-byte value
 *     taken from a pool. {@link Keyspace#put} publishes a new immutable {@link Entry} per write; ConcurrentHashMap
 *     replaces the value in its existing node.</li>
 *     <li>{@code putNewValueVigil} / {@code putNewValueConcurrentHashMap}: the same with a value allocated for the
 *     write, so that both sides store a young object into an old one.</li>
 * </ul>
 * Each benchmark method touches only the state it needs, so a fork builds only the table it measures.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    ForkOptions.AGRONA, ForkOptions.HEAP_INITIAL, ForkOptions.HEAP_MAX, ForkOptions.PRE_TOUCH })
@Threads(1) // Keyspace.put is for one writer thread: the benchmark thread is that writer.
public class KeyspaceBenchmark
{
    static final int KEYS = MillionKeys.COUNT;

    /**
     * A keyspace holding every key; the benchmark thread is its single writer.
     */
    @State(Scope.Benchmark)
    public static class VigilTable
    {
        Keyspace keyspace;
        long sequence;

        /**
         * Fill the keyspace.
         *
         * @param data the keys and values.
         */
        @Setup(Level.Trial)
        public void fill(final MillionKeys data)
        {
            keyspace = new Keyspace(KEYS);
            for (final int i : data.fillOrder)
            {
                final byte[] key = data.keys[i];
                keyspace.put(key, Keyspace.hash(key), data.initialValue(i), Entry.NO_EXPIRY,
                    sequence++);
            }
        }
    }

    /**
     * A ConcurrentHashMap keyed by {@link BytesKey}, holding every key.
     */
    @State(Scope.Benchmark)
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
            map = new ConcurrentHashMap<>(KEYS);
            for (final int i : data.fillOrder)
            {
                map.put(new BytesKey(data.keys[i]), data.initialValue(i));
            }
        }
    }

    /**
     * A ConcurrentHashMap keyed by String, holding every key, with String probes built in advance.
     */
    @State(Scope.Benchmark)
    public static class StringMapTable
    {
        ConcurrentHashMap<String, byte[]> map;
        String[] probes;

        /**
         * Fill the map.
         *
         * @param data the keys and values.
         */
        @Setup(Level.Trial)
        public void fill(final MillionKeys data)
        {
            map = new ConcurrentHashMap<>(KEYS);
            probes = new String[KEYS];
            for (final int i : data.fillOrder)
            {
                final String key = new String(data.keys[i], StandardCharsets.ISO_8859_1);
                map.put(key, data.initialValue(i));
                probes[i] = new String(data.probes[i], StandardCharsets.ISO_8859_1);
                // String caches its hash: compute it now, so that no lookup pays for hashing.
                probes[i].hashCode();
            }
        }
    }

    /**
     * Vigil lookup: {@link Keyspace#get(byte[])} hashes the key on every call.
     *
     * @param data   the keys.
     * @param table  the keyspace.
     * @param cursor the position in the random order.
     * @return the value found.
     */
    @Benchmark
    public byte[] getVigil(final MillionKeys data, final VigilTable table, final Cursor cursor)
    {
        final Entry e = table.keyspace.get(data.probes[cursor.next(data.order)]);
        return e == null ? null : e.value();
    }

    /**
     * Anchor for {@link #getVigil}: the lookup an application holding {@code byte[]} keys makes in a
     * ConcurrentHashMap. It must wrap the bytes to get content equality, and the wrapper computes the hash of the
     * 16 bytes, so each lookup pays for hashing the key exactly as {@link Keyspace#get(byte[])} does. That makes this
     * the like-for-like anchor: same input (a byte[] in hand), same output (the value), same work required.
     *
     * @param data   the keys.
     * @param table  the map.
     * @param cursor the position in the random order.
     * @return the value found.
     */
    @Benchmark
    public byte[] getConcurrentHashMap(final MillionKeys data, final MapTable table, final Cursor cursor)
    {
        return table.map.get(new BytesKey(data.probes[cursor.next(data.order)]));
    }

    /**
     * Second, harder anchor for {@link #getVigil}: String probes built in advance, whose hash is cached in the
     * String, so no hashing is measured at all; only the table walk and the equality check.
     *
     * @param data   the random order.
     * @param table  the map and its String keys.
     * @param cursor the position in the random order.
     * @return the value found.
     */
    @Benchmark
    public byte[] getConcurrentHashMapStringKeys(
        final MillionKeys data, final StringMapTable table, final Cursor cursor)
    {
        return table.map.get(table.probes[cursor.next(data.order)]);
    }

    /**
     * Vigil write: the benchmark thread, as the keyspace's single writer, hashes the key and calls
     * {@link Keyspace#put}, which allocates and publishes a new {@link Entry} for the key. The 16-byte key is held in
     * the entry's own fields, so the entry keeps no key array; ConcurrentHashMap keeps its old key.
     *
     * @param data   the keys and values.
     * @param table  the keyspace.
     * @param cursor the position in the random order.
     * @return the entry replaced.
     */
    @Benchmark
    public Entry putVigil(final MillionKeys data, final VigilTable table, final Cursor cursor)
    {
        final byte[] key = data.probes[cursor.next(data.order)];
        return table.keyspace.put(
            key, Keyspace.hash(key), data.values[cursor.valueIndex()], Entry.NO_EXPIRY, ++table.sequence);
    }

    /**
     * Anchor for {@link #putVigil}: ConcurrentHashMap.put of the same key and value, with the key wrapped as an
     * application with {@code byte[]} keys would wrap it (one small allocation and one hash of the key per call).
     *
     * @param data   the keys and values.
     * @param table  the map.
     * @param cursor the position in the random order.
     * @return the value replaced.
     */
    @Benchmark
    public byte[] putConcurrentHashMap(final MillionKeys data, final MapTable table, final Cursor cursor)
    {
        final byte[] key = data.probes[cursor.next(data.order)];
        return table.map.put(new BytesKey(key), data.values[cursor.valueIndex()]);
    }

    /**
     * {@link #putVigil} with a value allocated for the write, as a value parsed from a request or built by an
     * application is: a copy of a pool value.
     *
     * @param data   the keys and values.
     * @param table  the keyspace.
     * @param cursor the position in the random order.
     * @return the entry replaced.
     */
    @Benchmark
    public Entry putNewValueVigil(final MillionKeys data, final VigilTable table, final Cursor cursor)
    {
        final byte[] key = data.probes[cursor.next(data.order)];
        return table.keyspace.put(
            key, Keyspace.hash(key), data.values[cursor.valueIndex()].clone(), Entry.NO_EXPIRY, ++table.sequence);
    }

    /**
     * Anchor for {@link #putNewValueVigil}: {@link #putConcurrentHashMap} with the same newly allocated value.
     *
     * @param data   the keys and values.
     * @param table  the map.
     * @param cursor the position in the random order.
     * @return the value replaced.
     */
    @Benchmark
    public byte[] putNewValueConcurrentHashMap(final MillionKeys data, final MapTable table, final Cursor cursor)
    {
        final byte[] key = data.probes[cursor.next(data.order)];
        return table.map.put(new BytesKey(key), data.values[cursor.valueIndex()].clone());
    }
}
