package io.vigil.benchmarks;

import io.vigil.core.Snapshot;
import io.vigil.core.VigilStore;
import io.vigil.core.rdb.Crc64;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Serialising 1,000,000 keys of 16 bytes with 64-byte values to a stream that discards the bytes, so the figure is
 * the cost of walking the table and encoding, not of any device.
 * <ul>
 *     <li>{@code snapshotVigil}: {@link VigilStore#writeSnapshot} of a running store (RDB version 10: header, one
 *     string record per key, CRC-64 of the whole file).</li>
 *     <li>{@code snapshotConcurrentHashMap}, the anchor: the same entries iterated from a ConcurrentHashMap and
 *     written with a plain {@link DataOutputStream} (type byte, int length, key, int length, value per entry) over a
 *     64 KiB {@link BufferedOutputStream}, the size of the RDB writer's own buffer.</li>
 *     <li>{@code snapshotConcurrentHashMapCrc64}: the anchor plus the same CRC-64 over every byte that RDB requires,
 *     computed on each 64 KiB buffer as it is flushed, as the RDB writer does. Vigil does this work and the plain
 *     anchor does not, so this is the equal-work comparison.</li>
 * </ul>
 * Mode: throughput in snapshots per second (each of the same 1,000,000 entries, so the ratio of these scores is the
 * ratio of keys per second), plus a {@code :megabytes} row in megabytes (10^6 bytes) written per second. The formats
 * differ slightly in size: about 84 bytes per key for RDB, 89 for the anchor.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    ForkOptions.AGRONA, ForkOptions.HEAP_INITIAL, ForkOptions.HEAP_MAX, ForkOptions.PRE_TOUCH })
@Threads(1)
public class SnapshotBenchmark
{
    private static final OutputStream NULL = OutputStream.nullOutputStream();
    private static final int BUFFER_SIZE = 64 * 1024;

    /**
     * A running store holding every key.
     */
    @State(Scope.Benchmark)
    public static class VigilSource
    {
        VigilStore store;

        /**
         * Start and fill the store, and check that a snapshot holds every key.
         *
         * @param data the keys and values.
         * @throws IOException never: the stream discards.
         */
        @Setup(Level.Trial)
        public void start(final MillionKeys data) throws IOException
        {
            store = Stores.startDedicated(MillionKeys.COUNT);
            Stores.fill(store, data.keys, data.values, data.fillOrder);
            final Snapshot snapshot = store.writeSnapshot(NULL);
            if (snapshot.keys() != MillionKeys.COUNT)
            {
                throw new IllegalStateException("snapshot holds " + snapshot);
            }
        }

        /**
         * Stop the store.
         */
        @TearDown(Level.Trial)
        public void close()
        {
            store.close();
        }
    }

    /**
     * A ConcurrentHashMap holding every key.
     */
    @State(Scope.Benchmark)
    public static class MapSource
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
     * Passes bytes on to a stream and keeps their CRC-64, as RDB needs.
     */
    static final class Crc64OutputStream extends FilterOutputStream
    {
        long crc;

        Crc64OutputStream(final OutputStream out)
        {
            super(out);
        }

        @Override
        public void write(final byte[] b, final int off, final int len) throws IOException
        {
            crc = Crc64.update(crc, b, off, len);
            out.write(b, off, len);
        }

        @Override
        public void write(final int b) throws IOException
        {
            crc = Crc64.update(crc, new byte[] {(byte)b}, 0, 1);
            out.write(b);
        }
    }

    /**
     * Write a Vigil snapshot.
     *
     * @param source the store.
     * @param bytes  counts the bytes written.
     * @return the snapshot's description.
     * @throws IOException never: the stream discards.
     */
    @Benchmark
    public Snapshot snapshotVigil(final VigilSource source, final Megabytes bytes) throws IOException
    {
        final Snapshot snapshot = source.store.writeSnapshot(NULL);
        bytes.bytes += snapshot.bytes();
        return snapshot;
    }

    /**
     * Anchor for {@link #snapshotVigil}: the same entries from a ConcurrentHashMap through a DataOutputStream.
     *
     * @param source the map.
     * @param bytes  counts the bytes written.
     * @return bytes written.
     * @throws IOException never: the stream discards.
     */
    @Benchmark
    public long snapshotConcurrentHashMap(final MapSource source, final Megabytes bytes) throws IOException
    {
        final long written = writeEntries(source.map, NULL);
        bytes.bytes += written;
        return written;
    }

    /**
     * Equal-work anchor for {@link #snapshotVigil}: {@link #snapshotConcurrentHashMap} plus a CRC-64 of the output.
     *
     * @param source the map.
     * @param bytes  counts the bytes written.
     * @return the CRC-64.
     * @throws IOException never: the stream discards.
     */
    @Benchmark
    public long snapshotConcurrentHashMapCrc64(final MapSource source, final Megabytes bytes) throws IOException
    {
        final Crc64OutputStream crc = new Crc64OutputStream(NULL);
        bytes.bytes += writeEntries(source.map, crc);
        return crc.crc;
    }

    private static long writeEntries(final ConcurrentHashMap<BytesKey, byte[]> map, final OutputStream sink)
        throws IOException
    {
        final DataOutputStream out = new DataOutputStream(new BufferedOutputStream(sink, BUFFER_SIZE));
        for (final Map.Entry<BytesKey, byte[]> e : map.entrySet())
        {
            final byte[] key = e.getKey().bytes();
            final byte[] value = e.getValue();
            out.writeByte(0);
            out.writeInt(key.length);
            out.write(key);
            out.writeInt(value.length);
            out.write(value);
        }
        out.flush();
        return out.size();
    }
}
