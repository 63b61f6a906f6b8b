package io.vigil.benchmarks;

import io.vigil.core.Entry;
import io.vigil.core.ReplicationLog;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayOutputStream;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * Appending SET effects to the replication log: {@link ReplicationLog#appendSet} of a 16-byte key and a 64-byte
 * value followed by {@link ReplicationLog#publish()}, one effect per operation, against the memory-bandwidth floor of
 * copying the same encoded bytes into a ring.
 * <ul>
 *     <li>{@code appendVigil}: encode {@code *3 $3 SET $16 key $64 value} in RESP ({@value #BYTES_PER_OP} bytes) and
 *     copy it into the log's ring, then publish the new position.</li>
 *     <li>{@code appendByteBufferCopy}, the anchor: copy the same {@value #BYTES_PER_OP} bytes, already encoded, into
 *     a direct {@link ByteBuffer} ring of the same capacity with an absolute bulk put (a memory copy like
 *     System.arraycopy), wrapping at the end, then publish the position with a release store as the log does.</li>
 * </ul>
 * Mode: throughput in operations per second, plus a {@code :megabytes} row in megabytes (10^6 bytes) per second,
 * which is operations per second times {@value #BYTES_PER_OP}. {@code backlogSize} is the ring's capacity: 1 MiB
 * (Redis's default backlog, fits in cache) and 64 MiB (does not).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    ForkOptions.AGRONA, ForkOptions.HEAP_INITIAL, ForkOptions.HEAP_MAX, ForkOptions.PRE_TOUCH })
@Threads(1) // The log's append methods are for one writer thread.
@State(Scope.Thread)
public class LogAppendBenchmark
{
    /** Bytes one SET of a 16-byte key and a 64-byte value takes in the log. */
    static final int BYTES_PER_OP = 107;

    private static final VarHandle PUBLISHED;

    static
    {
        try
        {
            PUBLISHED = MethodHandles.lookup().findVarHandle(LogAppendBenchmark.class, "published", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /** Capacity of the ring in bytes. */
    @Param({"1048576", "67108864"})
    int backlogSize;

    private byte[] key;
    private byte[] value;
    private ReplicationLog log;

    private byte[] encoded;
    private ByteBuffer ring;
    private int capacity;
    private long position;
    @SuppressWarnings("unused") // accessed through PUBLISHED
    private long published;

    /**
     * Create the log and the anchor's ring, and check that the anchor copies exactly the bytes the log writes.
     */
    @Setup(Level.Trial)
    public void setup()
    {
        key = BenchmarkData.keys(1)[0];
        value = BenchmarkData.values()[0];
        encoded = encodeSet(key, value);
        if (encoded.length != BYTES_PER_OP)
        {
            throw new IllegalStateException("encoded SET is " + encoded.length + " bytes");
        }

        log = new ReplicationLog(backlogSize);
        log.appendSet(key, value, Entry.NO_EXPIRY); // the first effect is preceded by SELECT 0
        log.publish();
        final long before = log.publishedPosition();
        log.appendSet(key, value, Entry.NO_EXPIRY);
        log.publish();
        final UnsafeBuffer copy = new UnsafeBuffer(new byte[BYTES_PER_OP * 2]);
        final int read = log.read(before, copy, 0, BYTES_PER_OP * 2);
        final byte[] logged = new byte[Math.max(read, 0)];
        copy.getBytes(0, logged);
        if (!Arrays.equals(logged, encoded))
        {
            throw new IllegalStateException("the log holds " + new String(logged, StandardCharsets.ISO_8859_1));
        }

        capacity = log.capacity();
        ring = ByteBuffer.allocateDirect(capacity);
    }

    static byte[] encodeSet(final byte[] key, final byte[] value)
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("*3\r\n$3\r\nSET\r\n".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(("$" + key.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(key);
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(("$" + value.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(value);
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    /**
     * Append one SET effect to the log and publish it.
     *
     * @param bytes counts the bytes appended.
     */
    @Benchmark
    public void appendVigil(final Megabytes bytes)
    {
        log.appendSet(key, value, Entry.NO_EXPIRY);
        log.publish();
        bytes.bytes += BYTES_PER_OP;
    }

    /**
     * Anchor for {@link #appendVigil}: copy the same encoded bytes into a ring and publish the position.
     *
     * @param bytes counts the bytes copied.
     */
    @Benchmark
    public void appendByteBufferCopy(final Megabytes bytes)
    {
        final byte[] src = encoded;
        final int length = src.length;
        final int index = (int)(position & (capacity - 1));
        final int first = Math.min(length, capacity - index);
        ring.put(index, src, 0, first);
        if (first < length)
        {
            ring.put(0, src, first, length - first);
        }
        position += length;
        PUBLISHED.setRelease(this, position);
        bytes.bytes += length;
    }
}
