package io.vigil.core;

import io.vigil.core.resp.RespEncoder;
import org.agrona.AsciiEncoding;
import org.agrona.BitUtil;
import org.agrona.BufferUtil;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.MutableDirectBuffer;
import org.agrona.UnsafeApi;
import org.agrona.concurrent.UnsafeBuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * The replication log: the RESP-encoded stream of idempotent effects that a Redis master sends its replicas, kept in
 * a power-of-two ring of the newest bytes (Redis's replication backlog, {@code repl-backlog-size}).
 * <p>
 * The position of the log is the number of bytes written since its replication ID began, which is Redis's
 * {@code master_repl_offset}. Positions are absolute; the ring holds the bytes from
 * {@code max(origin, position - capacity)} to {@code position}.
 * <pre>
 *   origin            start                                 published   position
 *     |  left the ring  |      readable by any thread         | writer's unpublished |
 * </pre>
 * <b>Threading.</b> The append, publish, reset and shift methods are for the single writer thread and are not
 * threadsafe. {@link #read} and the accessors may be called from any thread. Readers never lock: they copy the bytes
 * up to the published position, then check that the writer has not claimed the region they copied from
 * (a seqlock-style validation), and report {@link #OFFSET_NOT_AVAILABLE} if it has.
 */
public final class ReplicationLog
{
    /** {@link #read} result: the offset is older than the ring holds, or before this log's origin. */
    public static final int OFFSET_NOT_AVAILABLE = -1;
    /** {@link #read} result: the offset is beyond the published position. */
    public static final int OFFSET_AHEAD = -2;

    /** Smallest ring, as Redis's minimum backlog size (CONFIG repl-backlog-size, 16 KB). */
    public static final int MIN_CAPACITY = 16 * 1024;

    private static final byte[] SET = bytes("SET");
    private static final byte[] DEL = bytes("DEL");
    private static final byte[] SET_HEADER = bytes("*3\r\n$3\r\nSET\r\n");
    /** The first 8 and the next 4 bytes of {@link #SET_HEADER}, little-endian. */
    private static final long SET_HEADER_0 = littleEndianLong(SET_HEADER, 0, 8);
    private static final int SET_HEADER_1 = (int)littleEndianLong(SET_HEADER, 8, 4);
    private static final long CRLF = '\r' | '\n' << 8;
    /**
     * Key and value lengths below this have length lines of at most 5 bytes and take the 8-byte-store encoding of
     * {@link #appendSet}: the key's line is stored with the header's last byte, the value's with the key's CRLF.
     */
    private static final int SHORT_LENGTH = 1000;
    private static final boolean LITTLE_ENDIAN = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN;
    private static final long BYTE_ARRAY_BASE = UnsafeApi.arrayBaseOffset(byte[].class);
    private static final byte[] PXAT = bytes("PXAT");
    private static final byte[] PEXPIREAT = bytes("PEXPIREAT");
    private static final byte[] PERSIST = bytes("PERSIST");
    private static final byte[] SELECT_0 = bytes("*2\r\n$6\r\nSELECT\r\n$1\r\n0\r\n");
    private static final UnsafeBuffer SELECT_0_BUFFER = new UnsafeBuffer(SELECT_0);
    private static final byte[] FLUSHALL = bytes("*1\r\n$8\r\nFLUSHALL\r\n");
    private static final byte[] PING = bytes("*1\r\n$4\r\nPING\r\n");
    /** Upper bound of what an effect adds to its key and value: headers, the command name, a deadline. */
    private static final int EFFECT_FRAMING = 128;

    private static final VarHandle PUBLISHED;
    private static final VarHandle LIMIT;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            PUBLISHED = lookup.findVarHandle(Positions.class, "publishedPosition", long.class);
            LIMIT = lookup.findVarHandle(Positions.class, "limitPosition", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /**
     * The two positions readers poll, padded on both sides so the writer's own fields and other objects never share
     * their cache line (the Disruptor's Sequence padding).
     */
    @SuppressWarnings("unused")
    static class PositionsLhsPadding
    {
        byte p000, p001, p002, p003, p004, p005, p006, p007, p008, p009, p010, p011, p012, p013, p014, p015;
        byte p016, p017, p018, p019, p020, p021, p022, p023, p024, p025, p026, p027, p028, p029, p030, p031;
        byte p032, p033, p034, p035, p036, p037, p038, p039, p040, p041, p042, p043, p044, p045, p046, p047;
        byte p048, p049, p050, p051, p052, p053, p054, p055, p056, p057, p058, p059, p060, p061, p062, p063;
    }

    @SuppressWarnings("unused") // accessed through PUBLISHED and LIMIT
    static class PositionsValues extends PositionsLhsPadding
    {
        long publishedPosition;
        long limitPosition;
    }

    @SuppressWarnings("unused")
    static final class Positions extends PositionsValues
    {
        byte p100, p101, p102, p103, p104, p105, p106, p107, p108, p109, p110, p111, p112, p113, p114, p115;
        byte p116, p117, p118, p119, p120, p121, p122, p123, p124, p125, p126, p127, p128, p129, p130, p131;
        byte p132, p133, p134, p135, p136, p137, p138, p139, p140, p141, p142, p143, p144, p145, p146, p147;
        byte p148, p149, p150, p151, p152, p153, p154, p155, p156, p157, p158, p159, p160, p161, p162, p163;
    }

    private final Positions positions = new Positions();

    private final UnsafeBuffer ring;
    private final int capacity;
    private final int mask;
    private final ExpandableArrayBuffer scratch = new ExpandableArrayBuffer(256);

    // Writer-owned.
    private long position;
    private boolean selectEmitted;

    // Published to readers.
    private volatile long origin;
    private volatile int generation;
    private volatile String replId;
    private volatile String replId2 = "0000000000000000000000000000000000000000";
    private volatile long secondReplOffset = -1;

    /**
     * @param backlogSize bytes to keep; rounded up to a power of two, at least {@link #MIN_CAPACITY}.
     */
    public ReplicationLog(final int backlogSize)
    {
        capacity = BitUtil.findNextPositivePowerOfTwo(Math.max(MIN_CAPACITY, backlogSize));
        mask = capacity - 1;
        ring = new UnsafeBuffer(BufferUtil.allocateDirectAligned(capacity, BitUtil.CACHE_LINE_LENGTH));
        replId = newReplicationId();
    }

    /**
     * @return a new random replication ID of 40 hex characters, as Redis's changeReplicationId.
     */
    public static String newReplicationId()
    {
        final byte[] random = new byte[20];
        Holder.RANDOM.nextBytes(random);
        final char[] hex = new char[40];
        for (int i = 0; i < 20; i++)
        {
            hex[i * 2] = Character.forDigit((random[i] >> 4) & 0xF, 16);
            hex[i * 2 + 1] = Character.forDigit(random[i] & 0xF, 16);
        }
        return new String(hex);
    }

    private static final class Holder
    {
        static final SecureRandom RANDOM = new SecureRandom();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Writer thread.
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Make sure that logging one effect whose key and value take up to {@code keyAndValueBytes} needs no memory, so a
     * caller can change the keyspace first and then log the change with nothing between the two that can fail.
     *
     * @param keyAndValueBytes the effect's key length plus its value length, if any.
     */
    public void reserve(final int keyAndValueBytes)
    {
        scratch.checkLimit(keyAndValueBytes + EFFECT_FRAMING);
    }

    /**
     * Log {@code SET key value [PXAT deadline]}.
     *
     * @param key        the key.
     * @param value      the value.
     * @param expireAtMs absolute deadline, or {@link Entry#NO_EXPIRY}.
     */
    public void appendSet(final byte[] key, final byte[] value, final long expireAtMs)
    {
        if (expireAtMs == Entry.NO_EXPIRY && selectEmitted)
        {
            // The common case, encoded straight into the ring when it does not wrap: one copy of key and value.
            final int keyDigits = AsciiEncoding.digitCount(key.length);
            final int valueDigits = AsciiEncoding.digitCount(value.length);
            final int valueLineIndex = SET_HEADER.length + keyDigits + 3 + key.length + 2;
            final int length = valueLineIndex + valueDigits + 3 + value.length + 2;
            final int index = (int)(position & mask);
            if (index + length <= capacity)
            {
                final long end = position + length;
                LIMIT.setOpaque(positions, end);
                VarHandle.storeStoreFence();
                if (key.length < SHORT_LENGTH && value.length < SHORT_LENGTH)
                {
                    putShortSet(index, key, keyDigits, value, valueDigits, valueLineIndex);
                }
                else
                {
                    ring.putBytes(index, SET_HEADER);
                    final int i = RespEncoder.writeBulkString(ring, index + SET_HEADER.length, key);
                    RespEncoder.writeBulkString(ring, i, value);
                }
                position = end;
                return;
            }
        }
        final ExpandableArrayBuffer b = scratch;
        final boolean ttl = expireAtMs != Entry.NO_EXPIRY;
        int i = RespEncoder.writeArrayHeader(b, 0, ttl ? 5 : 3);
        i = RespEncoder.writeBulkString(b, i, SET);
        i = RespEncoder.writeBulkString(b, i, key);
        i = RespEncoder.writeBulkString(b, i, value);
        if (ttl)
        {
            i = RespEncoder.writeBulkString(b, i, PXAT);
            i = putBulk(b, i, expireAtMs);
        }
        appendEffect(b, i);
    }

    /**
     * Log {@code DEL key}.
     *
     * @param key the key.
     */
    public void appendDel(final byte[] key)
    {
        appendKeyCommand(DEL, key);
    }

    /**
     * Log {@code PERSIST key}.
     *
     * @param key the key.
     */
    public void appendPersist(final byte[] key)
    {
        appendKeyCommand(PERSIST, key);
    }

    /**
     * Log {@code PEXPIREAT key deadline}.
     *
     * @param key        the key.
     * @param expireAtMs absolute deadline.
     */
    public void appendPexpireat(final byte[] key, final long expireAtMs)
    {
        final ExpandableArrayBuffer b = scratch;
        int i = RespEncoder.writeArrayHeader(b, 0, 3);
        i = RespEncoder.writeBulkString(b, i, PEXPIREAT);
        i = RespEncoder.writeBulkString(b, i, key);
        i = putBulk(b, i, expireAtMs);
        appendEffect(b, i);
    }

    /**
     * Log {@code FLUSHALL}.
     */
    public void appendFlushall()
    {
        scratch.putBytes(0, FLUSHALL);
        appendEffect(scratch, FLUSHALL.length);
    }

    /**
     * Log a {@code PING} keepalive (repl-ping-replica-period).
     */
    public void appendPing()
    {
        scratch.putBytes(0, PING);
        appendEffect(scratch, PING.length);
    }

    /**
     * Append bytes exactly as given, as a replica does with the stream it applies, so its offset equals its master's.
     *
     * @param buffer source.
     * @param offset first byte.
     * @param length number of bytes.
     */
    public void appendRaw(final DirectBuffer buffer, final int offset, final int length)
    {
        selectEmitted = true;
        write(buffer, offset, length);
    }

    private void appendKeyCommand(final byte[] command, final byte[] key)
    {
        final ExpandableArrayBuffer b = scratch;
        int i = RespEncoder.writeArrayHeader(b, 0, 2);
        i = RespEncoder.writeBulkString(b, i, command);
        i = RespEncoder.writeBulkString(b, i, key);
        appendEffect(b, i);
    }

    private void appendEffect(final DirectBuffer encoded, final int length)
    {
        if (!selectEmitted)
        {
            // replication.c replicationFeedSlaves: the stream names its database before the first command.
            selectEmitted = true;
            write(SELECT_0_BUFFER, 0, SELECT_0.length);
        }
        write(encoded, 0, length);
    }

    private void write(final DirectBuffer src, final int offset, final int length)
    {
        final long start = position;
        final long end = start + length;
        LIMIT.setOpaque(positions, end);
        // Readers validate against the limit after copying, so it must be visible before any byte is overwritten.
        VarHandle.storeStoreFence();

        int skip = 0;
        if (length > capacity)
        {
            skip = length - capacity;
        }
        int index = (int)((start + skip) & mask);
        int remaining = length - skip;
        int from = offset + skip;
        while (remaining > 0)
        {
            final int chunk = Math.min(remaining, capacity - index);
            ring.putBytes(index, src, from, chunk);
            from += chunk;
            remaining -= chunk;
            index = (index + chunk) & mask;
        }
        position = end;
    }

    /**
     * Make everything appended so far visible to readers.
     */
    public void publish()
    {
        PUBLISHED.setRelease(positions, position);
    }

    /**
     * @return the writer's position, including bytes not yet published. Writer thread only.
     */
    public long position()
    {
        return position;
    }

    /**
     * Start the log over at {@code offset} with the given replication ID, discarding the ring's content, as a replica
     * does when it loads a full resync from its master. Writer thread only.
     *
     * @param replicationId the master's replication ID.
     * @param offset        the master's offset that the loaded snapshot corresponds to.
     */
    public void reset(final String replicationId, final long offset)
    {
        replId = replicationId;
        replId2 = "0000000000000000000000000000000000000000";
        secondReplOffset = -1;
        generation++;
        position = offset;
        origin = offset;
        LIMIT.setOpaque(positions, offset);
        selectEmitted = false;
        PUBLISHED.setRelease(positions, offset);
    }

    /**
     * Promotion: keep the current ID as the secondary one, valid up to the current offset, and take a new ID, as
     * Redis's shiftReplicationId. Replicas of the old master can then partially resync with the new one.
     * Writer thread only.
     */
    public void shiftReplicationId()
    {
        replId2 = replId;
        // replication.c shiftReplicationId: second_replid_offset = master_repl_offset + 1.
        secondReplOffset = position + 1;
        replId = newReplicationId();
        // A new master names its database before its first command, as Redis does after a role change.
        selectEmitted = false;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Any thread.
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * @return bytes the ring holds at most (the backlog size).
     */
    public int capacity()
    {
        return capacity;
    }

    /**
     * @return position up to which readers may read: {@code master_repl_offset}.
     */
    public long publishedPosition()
    {
        return (long)PUBLISHED.getAcquire(positions);
    }

    /**
     * @return the oldest offset still readable.
     */
    public long startOffset()
    {
        final long published = publishedPosition();
        return Math.max(origin, published - capacity);
    }

    /**
     * @return the offset at which this log's history begins.
     */
    public long origin()
    {
        return origin;
    }

    /**
     * @return current replication ID ({@code master_replid}).
     */
    public String replicationId()
    {
        return replId;
    }

    /**
     * @return previous replication ID ({@code master_replid2}), all zeros if none.
     */
    public String replicationId2()
    {
        return replId2;
    }

    /**
     * @return offset up to which {@link #replicationId2()} is valid ({@code second_repl_offset}), -1 if none.
     */
    public long secondReplicationOffset()
    {
        return secondReplOffset;
    }

    /**
     * Copy published bytes starting at {@code fromOffset}. Lock-free: the copy is validated afterwards and refused if
     * the writer overwrote any of it meanwhile.
     *
     * @param fromOffset absolute offset of the first byte wanted.
     * @param dst        destination.
     * @param dstOffset  where to put the first byte.
     * @param maxLength  most bytes to copy.
     * @return bytes copied (0 if none are published yet), {@link #OFFSET_NOT_AVAILABLE} if the offset left the ring,
     * or {@link #OFFSET_AHEAD} if it is beyond the published position.
     */
    public int read(final long fromOffset, final MutableDirectBuffer dst, final int dstOffset, final int maxLength)
    {
        final int startGeneration = generation;
        final long published = (long)PUBLISHED.getAcquire(positions);
        if (fromOffset > published)
        {
            return OFFSET_AHEAD;
        }
        if (fromOffset < origin || fromOffset < published - capacity)
        {
            return OFFSET_NOT_AVAILABLE;
        }
        final int length = (int)Math.min(maxLength, published - fromOffset);
        int index = (int)(fromOffset & mask);
        int remaining = length;
        int to = dstOffset;
        while (remaining > 0)
        {
            final int chunk = Math.min(remaining, capacity - index);
            dst.putBytes(to, ring, index, chunk);
            to += chunk;
            remaining -= chunk;
            index = (index + chunk) & mask;
        }
        VarHandle.loadLoadFence();
        final long limit = (long)LIMIT.getOpaque(positions);
        if (limit - capacity > fromOffset || fromOffset < origin || generation != startGeneration)
        {
            return OFFSET_NOT_AVAILABLE;
        }
        return length;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Encoding.
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * Write {@code SET key value}, key and value shorter than {@link #SHORT_LENGTH}, at {@code index} of the ring,
     * which has room for all of it, {@code valueLineIndex} bytes from {@code index} to the value's length line. Each
     * length line is written as one 8-byte store whose bytes past the line are overwritten by what follows it: the
     * key or value, and at least the final CRLF, so nothing is written past the effect.
     */
    private void putShortSet(
        final int index,
        final byte[] key,
        final int keyDigits,
        final byte[] value,
        final int valueDigits,
        final int valueLineIndex)
    {
        // The caller checked that the effect fits, so the stores go to the ring's memory without a bounds check each.
        final long address = ring.addressOffset() + index;
        UnsafeApi.putLong(address, littleEndian(SET_HEADER_0));
        UnsafeApi.putInt(address + 8, LITTLE_ENDIAN ? SET_HEADER_1 : Integer.reverseBytes(SET_HEADER_1));
        // '\n' ends the header; the key's length line follows it.
        UnsafeApi.putLong(address + 12, littleEndian('\n' | lengthLine(key.length, keyDigits) << 8));
        final long keyAddress = address + SET_HEADER.length + keyDigits + 3;
        UnsafeApi.copyMemory(key, BYTE_ARRAY_BASE, null, keyAddress, key.length);
        final long lineAddress = address + valueLineIndex - 2;
        UnsafeApi.putLong(lineAddress, littleEndian(CRLF | lengthLine(value.length, valueDigits) << 16));
        final long valueAddress = lineAddress + 2 + valueDigits + 3;
        UnsafeApi.copyMemory(value, BYTE_ARRAY_BASE, null, valueAddress, value.length);
        UnsafeApi.putShort(valueAddress + value.length, LITTLE_ENDIAN ? (short)CRLF : Short.reverseBytes((short)CRLF));
    }

    private static long littleEndian(final long bytes)
    {
        return LITTLE_ENDIAN ? bytes : Long.reverseBytes(bytes);
    }

    /**
     * @param n      a length below {@link #SHORT_LENGTH}.
     * @param digits its decimal digits.
     * @return {@code $n\r\n} as the little-endian bytes of a long, at most 7 of them.
     */
    static long lengthLine(final int n, final int digits)
    {
        long line = '$' | ((long)'\r' << (8 * (digits + 1))) | ((long)'\n' << (8 * (digits + 2)));
        int m = n;
        for (int p = digits; p >= 1; p--)
        {
            line |= (long)('0' + m % 10) << (8 * p);
            m /= 10;
        }
        return line;
    }

    private static int putBulk(final MutableDirectBuffer b, final int index, final long value)
    {
        b.putByte(index, (byte)'$');
        int i = index + 1;
        final int digits = value >= 0 ? AsciiEncoding.digitCount(value) : Long.toString(value).length();
        i += b.putNaturalIntAscii(i, digits);
        i = putCrLf(b, i);
        i += b.putLongAscii(i, value);
        return putCrLf(b, i);
    }

    private static int putCrLf(final MutableDirectBuffer b, final int index)
    {
        b.putByte(index, (byte)'\r');
        b.putByte(index + 1, (byte)'\n');
        return index + 2;
    }

    private static long littleEndianLong(final byte[] bytes, final int offset, final int length)
    {
        long v = 0;
        for (int i = 0; i < length; i++)
        {
            v |= (bytes[offset + i] & 0xFFL) << (8 * i);
        }
        return v;
    }

    private static byte[] bytes(final String s)
    {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
