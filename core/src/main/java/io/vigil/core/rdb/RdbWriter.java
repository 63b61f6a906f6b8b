package io.vigil.core.rdb;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * Writes a keyspace of string keys and values as an RDB file of version {@value RdbFormat#VERSION_WRITTEN}, the
 * format Redis 7.0 writes and loads, so that a Redis server can load what Vigil saves.
 * <p>
 * Calls must follow the layout of the file:
 * <pre>{@code
 * RdbWriter writer = new RdbWriter(out);
 * writer.writeHeader(replId, replOffset);        // magic and the AUX fields Redis writes
 * writer.selectDb(0, keyCount, keysWithExpiry); // once per non-empty database, Redis skips empty ones
 * writer.writeString(key, value, expireAtMs);    // once per key of that database
 * long bytes = writer.finish();                  // EOF opcode and CRC-64
 * }</pre>
 * Output is buffered internally and the CRC-64 is computed as the bytes leave the buffer, so the stream is written
 * in one pass. {@link #finish()} flushes but does not close the stream, which stays owned by the caller.
 * <p>
 * Keys and values are binary safe. Values that are canonical decimal integers within 32 bits are stored in
 * Redis's integer encoding, as Redis does; this is invisible to a loader, which sees the same bytes. Strings are
 * not LZF compressed.
 * <p>
 * The caller must not write the same key twice within a database: Redis 7.0 aborts with "Duplicated key found in
 * RDB file" when it loads such a file.
 * <p>
 * This class is not threadsafe.
 */
public final class RdbWriter
{
    /** Written as the {@code redis-ver} AUX field by {@link #writeHeader(String, long)}. */
    public static final String DEFAULT_REDIS_VERSION = "7.0.0";

    /** Length of a Redis replication id, {@code CONFIG_RUN_ID_SIZE} in server.h. */
    public static final int REPL_ID_LENGTH = 40;

    private static final int DEFAULT_BUFFER_SIZE = 64 * 1024;
    private static final int MIN_BUFFER_SIZE = 64;
    private static final long NOT_AN_INT = Long.MIN_VALUE;

    private static final int STATE_NEW = 0;
    private static final int STATE_WRITING = 1;
    private static final int STATE_FINISHED = 2;

    private final OutputStream out;
    private final byte[] buffer;
    private int position;
    private long drainedBytes;
    private long crc;
    private long keyCount;
    private int state = STATE_NEW;

    /**
     * Write to {@code out} through a 64 KiB buffer.
     *
     * @param out destination, not closed by this writer.
     */
    public RdbWriter(final OutputStream out)
    {
        this(out, DEFAULT_BUFFER_SIZE);
    }

    /**
     * Write to {@code out} through a buffer of {@code bufferSize} bytes.
     *
     * @param out        destination, not closed by this writer.
     * @param bufferSize at least 64 bytes.
     */
    public RdbWriter(final OutputStream out, final int bufferSize)
    {
        this.out = Objects.requireNonNull(out, "out");
        if (bufferSize < MIN_BUFFER_SIZE)
        {
            throw new IllegalArgumentException("bufferSize must be at least " + MIN_BUFFER_SIZE + ": " + bufferSize);
        }
        this.buffer = new byte[bufferSize];
    }

    /**
     * Write the magic and the AUX fields Redis writes, with {@link #DEFAULT_REDIS_VERSION}, the current time as
     * {@code ctime}, 0 as {@code used-mem} and 0 as {@code repl-stream-db}.
     *
     * @param replId     replication id of 40 characters, or null to write no replication fields.
     * @param replOffset replication offset the snapshot corresponds to; ignored when {@code replId} is null.
     * @throws IOException if the stream fails.
     */
    public void writeHeader(final String replId, final long replOffset) throws IOException
    {
        writeHeader(DEFAULT_REDIS_VERSION, System.currentTimeMillis() / 1000, 0, 0, replId, replOffset);
    }

    /**
     * Write the magic {@code REDIS0010} and the AUX fields in the order and encoding of Redis's
     * {@code rdbSaveInfoAuxFields}: {@code redis-ver}, {@code redis-bits}, {@code ctime}, {@code used-mem}, then,
     * when a replication id is given, {@code repl-stream-db}, {@code repl-id}, {@code repl-offset}, and last
     * {@code aof-base} (always 0).
     *
     * @param redisVersion value of {@code redis-ver}, which Redis only logs.
     * @param ctimeSeconds creation time in seconds since the epoch.
     * @param usedMem      memory in use when the snapshot was taken, in bytes.
     * @param replStreamDb database the replication stream had selected.
     * @param replId       replication id of 40 characters, or null to write no replication fields.
     * @param replOffset   replication offset the snapshot corresponds to; ignored when {@code replId} is null.
     * @throws IOException if the stream fails.
     */
    public void writeHeader(
        final String redisVersion,
        final long ctimeSeconds,
        final long usedMem,
        final int replStreamDb,
        final String replId,
        final long replOffset) throws IOException
    {
        Objects.requireNonNull(redisVersion, "redisVersion");
        if (state != STATE_NEW)
        {
            throw new IllegalStateException("header already written");
        }
        if (replId != null && replId.length() != REPL_ID_LENGTH)
        {
            // rdb.c ignores a repl-id of any other length when loading, which would silently lose it.
            throw new IllegalArgumentException("replId must be " + REPL_ID_LENGTH + " characters: " + replId);
        }

        state = STATE_WRITING;
        final String magic = RdbFormat.MAGIC + String.format("%04d", RdbFormat.VERSION_WRITTEN);
        final byte[] magicBytes = magic.getBytes(StandardCharsets.US_ASCII);
        writeRaw(magicBytes, 0, magicBytes.length);

        // rdb.c rdbSaveInfoAuxFields
        writeAux("redis-ver", redisVersion);
        writeAux("redis-bits", 64);
        writeAux("ctime", ctimeSeconds);
        writeAux("used-mem", usedMem);
        if (replId != null)
        {
            writeAux("repl-stream-db", replStreamDb);
            writeAux("repl-id", replId);
            writeAux("repl-offset", replOffset);
        }
        writeAux("aof-base", 0);
    }

    /**
     * Write an AUX field. Redis ignores fields it does not know.
     *
     * @param key   field name.
     * @param value field value; integers are stored as Redis stores them, in integer encoding where they fit.
     * @throws IOException if the stream fails.
     */
    public void writeAux(final String key, final String value) throws IOException
    {
        final byte[] k = key.getBytes(StandardCharsets.UTF_8);
        final byte[] v = value.getBytes(StandardCharsets.UTF_8);
        writeAux(k, 0, k.length, v, 0, v.length);
    }

    /**
     * Write an AUX field with an integer value, as Redis's {@code rdbSaveAuxFieldStrInt}.
     *
     * @param key   field name.
     * @param value field value.
     * @throws IOException if the stream fails.
     */
    public void writeAux(final String key, final long value) throws IOException
    {
        writeAux(key, Long.toString(value));
    }

    private void writeAux(
        final byte[] key, final int keyOffset, final int keyLength,
        final byte[] value, final int valueOffset, final int valueLength) throws IOException
    {
        checkWriting();
        ensure(1);
        buffer[position++] = (byte)RdbFormat.OPCODE_AUX;
        writeStringObject(key, keyOffset, keyLength);
        writeStringObject(value, valueOffset, valueLength);
    }

    /**
     * Start a database: SELECTDB then RESIZEDB. The sizes are hints Redis uses to presize its tables.
     *
     * @param db          database number, 0 to 15 for a default Redis.
     * @param size        number of keys that follow.
     * @param expiresSize number of those keys that have an expiry.
     * @throws IOException if the stream fails.
     */
    public void selectDb(final int db, final long size, final long expiresSize) throws IOException
    {
        checkWriting();
        if (db < 0 || size < 0 || expiresSize < 0)
        {
            throw new IllegalArgumentException("db=" + db + " size=" + size + " expiresSize=" + expiresSize);
        }

        // rdb.c rdbSaveDb
        ensure(1 + 9 + 1 + 9 + 9);
        buffer[position++] = (byte)RdbFormat.OPCODE_SELECTDB;
        putLength(db);
        buffer[position++] = (byte)RdbFormat.OPCODE_RESIZEDB;
        putLength(size);
        putLength(expiresSize);
    }

    /**
     * Write a string key and its value.
     *
     * @param key        key bytes.
     * @param value      value bytes.
     * @param expireAtMs absolute expiry in milliseconds since the epoch, or {@link RdbFormat#NO_EXPIRY}.
     * @throws IOException if the stream fails.
     */
    public void writeString(final byte[] key, final byte[] value, final long expireAtMs) throws IOException
    {
        writeString(key, 0, key.length, value, 0, value.length, expireAtMs);
    }

    /**
     * Write a string key and its value taken from ranges of arrays.
     *
     * @param key         array holding the key.
     * @param keyOffset   of the key in {@code key}.
     * @param keyLength   of the key.
     * @param value       array holding the value.
     * @param valueOffset of the value in {@code value}.
     * @param valueLength of the value.
     * @param expireAtMs  absolute expiry in milliseconds since the epoch, or {@link RdbFormat#NO_EXPIRY}.
     * @throws IOException if the stream fails.
     */
    public void writeString(
        final byte[] key, final int keyOffset, final int keyLength,
        final byte[] value, final int valueOffset, final int valueLength,
        final long expireAtMs) throws IOException
    {
        checkWriting();
        Objects.checkFromIndexSize(keyOffset, keyLength, key.length);
        Objects.checkFromIndexSize(valueOffset, valueLength, value.length);
        if (expireAtMs < RdbFormat.NO_EXPIRY)
        {
            throw new IllegalArgumentException("expireAtMs must be -1 or an epoch time in ms: " + expireAtMs);
        }

        // rdb.c rdbSaveKeyValuePair
        ensure(1 + 8 + 1);
        if (expireAtMs != RdbFormat.NO_EXPIRY)
        {
            buffer[position++] = (byte)RdbFormat.OPCODE_EXPIRETIME_MS;
            putLongLE(expireAtMs);
        }
        buffer[position++] = (byte)RdbFormat.TYPE_STRING;
        writeStringObject(key, keyOffset, keyLength);
        writeStringObject(value, valueOffset, valueLength);
        keyCount++;
    }

    /**
     * Write the EOF opcode and the CRC-64 of everything before it, then flush the stream. The stream is not closed.
     *
     * @return total number of bytes of the RDB file.
     * @throws IOException if the stream fails.
     */
    public long finish() throws IOException
    {
        checkWriting();
        ensure(1);
        buffer[position++] = (byte)RdbFormat.OPCODE_EOF;
        drain();

        // rdb.c rdbSaveRio: checksum stored little endian
        putLongLE(crc);
        out.write(buffer, 0, 8);
        position = 0;
        drainedBytes += 8;
        out.flush();
        state = STATE_FINISHED;

        return drainedBytes;
    }

    /**
     * @return bytes produced so far, including those still in the buffer.
     */
    public long bytesWritten()
    {
        return drainedBytes + position;
    }

    /**
     * @return number of keys written with {@link #writeString(byte[], byte[], long)} and its overload.
     */
    public long keyCount()
    {
        return keyCount;
    }

    private void checkWriting()
    {
        if (state != STATE_WRITING)
        {
            throw new IllegalStateException(state == STATE_NEW ? "writeHeader not called" : "already finished");
        }
    }

    // rdb.c rdbSaveRawString without the LZF attempt
    private void writeStringObject(final byte[] src, final int offset, final int length) throws IOException
    {
        if (length <= 11)
        {
            final long value = canonicalInt32(src, offset, length);
            if (value != NOT_AN_INT)
            {
                putEncodedInt((int)value);
                return;
            }
        }

        ensure(9);
        putLength(length);
        writeRaw(src, offset, length);
    }

    /**
     * The value of a string that is exactly the decimal form of a 32-bit integer (no sign but '-', no leading
     * zero), or {@link #NOT_AN_INT}. Only such strings may be integer encoded: the loader turns the integer back
     * into its decimal form, which must give back the original bytes.
     */
    static long canonicalInt32(final byte[] src, final int offset, final int length)
    {
        if (length == 0 || length > 11)
        {
            return NOT_AN_INT;
        }

        int i = offset;
        final int end = offset + length;
        final boolean negative = src[i] == '-';
        if (negative)
        {
            i++;
            if (i == end)
            {
                return NOT_AN_INT;
            }
        }

        if (src[i] == '0')
        {
            return !negative && length == 1 ? 0 : NOT_AN_INT;
        }

        long value = 0;
        for (; i < end; i++)
        {
            final int digit = src[i] - '0';
            if (digit < 0 || digit > 9)
            {
                return NOT_AN_INT;
            }
            value = value * 10 + digit;
        }
        value = negative ? -value : value;

        return value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE ? value : NOT_AN_INT;
    }

    // rdb.c rdbEncodeInteger
    private void putEncodedInt(final int value) throws IOException
    {
        ensure(5);
        if (value >= Byte.MIN_VALUE && value <= Byte.MAX_VALUE)
        {
            buffer[position++] = (byte)((RdbFormat.ENCVAL << 6) | RdbFormat.ENC_INT8);
            buffer[position++] = (byte)value;
        }
        else if (value >= Short.MIN_VALUE && value <= Short.MAX_VALUE)
        {
            buffer[position++] = (byte)((RdbFormat.ENCVAL << 6) | RdbFormat.ENC_INT16);
            buffer[position++] = (byte)value;
            buffer[position++] = (byte)(value >>> 8);
        }
        else
        {
            buffer[position++] = (byte)((RdbFormat.ENCVAL << 6) | RdbFormat.ENC_INT32);
            buffer[position++] = (byte)value;
            buffer[position++] = (byte)(value >>> 8);
            buffer[position++] = (byte)(value >>> 16);
            buffer[position++] = (byte)(value >>> 24);
        }
    }

    // rdb.c rdbSaveLen; the caller has ensured 9 bytes of room.
    private void putLength(final long length)
    {
        if (length < (1 << 6))
        {
            buffer[position++] = (byte)((RdbFormat.LEN_6BIT << 6) | length);
        }
        else if (length < (1 << 14))
        {
            buffer[position++] = (byte)((RdbFormat.LEN_14BIT << 6) | (length >>> 8));
            buffer[position++] = (byte)length;
        }
        else if (length <= 0xFFFF_FFFFL)
        {
            buffer[position++] = (byte)RdbFormat.LEN_32BIT;
            putIntBE((int)length);
        }
        else
        {
            buffer[position++] = (byte)RdbFormat.LEN_64BIT;
            putIntBE((int)(length >>> 32));
            putIntBE((int)length);
        }
    }

    private void putIntBE(final int value)
    {
        buffer[position++] = (byte)(value >>> 24);
        buffer[position++] = (byte)(value >>> 16);
        buffer[position++] = (byte)(value >>> 8);
        buffer[position++] = (byte)value;
    }

    private void putLongLE(final long value)
    {
        for (int shift = 0; shift < 64; shift += 8)
        {
            buffer[position++] = (byte)(value >>> shift);
        }
    }

    private void writeRaw(final byte[] src, final int offset, final int length) throws IOException
    {
        if (length <= buffer.length - position)
        {
            System.arraycopy(src, offset, buffer, position, length);
            position += length;
            return;
        }

        drain();
        if (length < buffer.length)
        {
            System.arraycopy(src, offset, buffer, 0, length);
            position = length;
        }
        else
        {
            // Large values go straight to the stream rather than through the buffer.
            crc = Crc64.update(crc, src, offset, length);
            out.write(src, offset, length);
            drainedBytes += length;
        }
    }

    private void ensure(final int length) throws IOException
    {
        if (buffer.length - position < length)
        {
            drain();
        }
    }

    private void drain() throws IOException
    {
        if (position > 0)
        {
            crc = Crc64.update(crc, buffer, 0, position);
            out.write(buffer, 0, position);
            drainedBytes += position;
            position = 0;
        }
    }
}
