package io.vigil.core.rdb;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Reads an RDB stream written by Redis (versions 1 to {@value RdbFormat#MAX_VERSION_READ}, so up to Redis 7.2) or
 * by {@link RdbWriter}, and hands its string keys, AUX fields and database markers to an {@link RdbVisitor}.
 * <p>
 * Strings are decoded in every encoding Redis writes: length prefixed, 8/16/32-bit integers and LZF. LRU and LFU
 * hints are skipped. Values of any other type (lists, sets, hashes, sorted sets, streams, modules) and function
 * libraries are rejected with an {@link RdbFormatException} naming the type, as is any truncated or corrupt
 * input. The trailing CRC-64 is verified unless the file stores 0, which Redis writes when checksums are off.
 * <p>
 * Lengths read from the stream are never trusted for allocation: strings longer than the configured maximum are
 * rejected, and large strings are read into arrays that grow with the data actually received, so a corrupt length
 * fails with a truncation error rather than an attempt to allocate gigabytes.
 * <p>
 * Input is read through an internal buffer, so more than the RDB may be consumed from the stream; when the RDB is
 * followed by other data, as in a replication stream, continue from {@link #remainingInput()}.
 * <p>
 * An instance loads one stream once. This class is not threadsafe.
 */
public final class RdbLoader
{
    /** Default largest string accepted: Redis's default {@code proto-max-bulk-len} of 512 MiB. */
    public static final long DEFAULT_MAX_STRING_LENGTH = 512L * 1024 * 1024;

    private static final int DEFAULT_BUFFER_SIZE = 64 * 1024;
    private static final int MIN_BUFFER_SIZE = 64;

    // Strings above this size are read into arrays grown as data arrives, not allocated upfront.
    private static final int ALLOCATION_CHUNK = 1024 * 1024;

    // An LZF back reference of 3 bytes yields at most 264 bytes, nothing yields more per input byte.
    private static final int MAX_LZF_EXPANSION = 88;

    private final InputStream in;
    private final byte[] buffer;
    private final long maxStringLength;

    private int position;
    private int limit;
    private int crcMark;
    private long crc;
    private long bufferStartOffset;
    private boolean started;
    private boolean loaded;

    /**
     * Read from {@code in} through a 64 KiB buffer, accepting strings up to {@link #DEFAULT_MAX_STRING_LENGTH}.
     *
     * @param in source, not closed by this loader.
     */
    public RdbLoader(final InputStream in)
    {
        this(in, DEFAULT_BUFFER_SIZE, DEFAULT_MAX_STRING_LENGTH);
    }

    /**
     * Read from {@code in} through a buffer of {@code bufferSize} bytes.
     *
     * @param in              source, not closed by this loader.
     * @param bufferSize      at least 64 bytes.
     * @param maxStringLength longest key or value accepted, at most {@code Integer.MAX_VALUE - 8}.
     */
    public RdbLoader(final InputStream in, final int bufferSize, final long maxStringLength)
    {
        this.in = Objects.requireNonNull(in, "in");
        if (bufferSize < MIN_BUFFER_SIZE)
        {
            throw new IllegalArgumentException("bufferSize must be at least " + MIN_BUFFER_SIZE + ": " + bufferSize);
        }
        if (maxStringLength < 0 || maxStringLength > Integer.MAX_VALUE - 8)
        {
            throw new IllegalArgumentException("maxStringLength out of range: " + maxStringLength);
        }
        this.buffer = new byte[bufferSize];
        this.maxStringLength = maxStringLength;
    }

    /**
     * Read the whole RDB stream, up to and including its checksum, calling {@code visitor} for what it holds.
     *
     * @param visitor receives AUX fields, database markers and keys, in file order.
     * @return the version, AUX fields and checksum state of the stream.
     * @throws RdbFormatException if the stream is truncated, corrupt, of an unsupported version or holds values
     *                            other than strings.
     * @throws IOException        if reading the stream fails.
     */
    public RdbInfo load(final RdbVisitor visitor) throws IOException
    {
        Objects.requireNonNull(visitor, "visitor");
        if (started)
        {
            throw new IllegalStateException("an RdbLoader loads one stream once");
        }
        started = true;

        final int version = readHeader();
        final Map<String, String> aux = new LinkedHashMap<>();
        String replId = null;
        long replOffset = -1;
        int replStreamDb = -1;
        long keyCount = 0;
        long expireAtMs = RdbFormat.NO_EXPIRY;

        // rdb.c rdbLoadRioWithLoadingCtx
        loop:
        while (true)
        {
            final long typeOffset = offset();
            final int type = readUnsignedByte("opcode or value type");
            switch (type)
            {
                case RdbFormat.TYPE_STRING:
                {
                    final byte[] key = readString("key");
                    final byte[] value = readString("value");
                    visitor.onString(key, value, expireAtMs);
                    keyCount++;
                    expireAtMs = RdbFormat.NO_EXPIRY;
                    break;
                }

                case RdbFormat.OPCODE_EXPIRETIME:
                    // rdb.c rdbLoadTime: signed 32-bit seconds
                    require(4, "expire time");
                    expireAtMs = getIntLE() * 1000L;
                    break;

                case RdbFormat.OPCODE_EXPIRETIME_MS:
                    // rdb.c rdbLoadMillisecondTime: little endian (native endian before version 9, assumed LE)
                    require(8, "expire time");
                    expireAtMs = getLongLE();
                    break;

                case RdbFormat.OPCODE_FREQ:
                    readUnsignedByte("LFU frequency");
                    break;

                case RdbFormat.OPCODE_IDLE:
                    readLength("LRU idle time");
                    break;

                case RdbFormat.OPCODE_SELECTDB:
                {
                    final long db = readLength("database number");
                    if (db > Integer.MAX_VALUE)
                    {
                        throw format(typeOffset, "database number " + Long.toUnsignedString(db) + " out of range");
                    }
                    visitor.onSelectDb((int)db);
                    break;
                }

                case RdbFormat.OPCODE_RESIZEDB:
                {
                    final long size = readLength("database size");
                    final long expires = readLength("expires size");
                    visitor.onResizeDb(size, expires);
                    break;
                }

                case RdbFormat.OPCODE_AUX:
                {
                    final byte[] key = readString("AUX key");
                    final byte[] value = readString("AUX value");
                    final String keyText = new String(key, StandardCharsets.ISO_8859_1);
                    final String valueText = new String(value, StandardCharsets.ISO_8859_1);
                    aux.put(keyText, valueText);

                    // rdb.c matches these names case-insensitively
                    if ("repl-id".equalsIgnoreCase(keyText))
                    {
                        replId = valueText;
                    }
                    else if ("repl-offset".equalsIgnoreCase(keyText))
                    {
                        replOffset = parseAuxLong(typeOffset, keyText, valueText);
                    }
                    else if ("repl-stream-db".equalsIgnoreCase(keyText))
                    {
                        replStreamDb = (int)parseAuxLong(typeOffset, keyText, valueText);
                    }
                    visitor.onAux(key, value);
                    break;
                }

                case RdbFormat.OPCODE_EOF:
                    break loop;

                default:
                    throw format(typeOffset, "unsupported RDB value type " + type + " (" + RdbFormat.typeName(type) +
                        "): only strings (type 0) are supported");
            }
        }

        long stored = 0;
        boolean verified = false;
        if (version >= RdbFormat.FIRST_VERSION_WITH_CHECKSUM)
        {
            foldCrc();
            final long computed = crc;
            final long checksumOffset = offset();
            require(8, "checksum");
            stored = getLongLE();
            if (stored != 0)
            {
                if (stored != computed)
                {
                    throw format(checksumOffset, "RDB checksum mismatch: stored 0x" + Long.toHexString(stored) +
                        " but data gives 0x" + Long.toHexString(computed));
                }
                verified = true;
            }
        }

        loaded = true;
        return new RdbInfo(
            version, aux, replId, replOffset, replStreamDb, keyCount, offset(), stored, verified);
    }

    /**
     * The input that follows the RDB: bytes the internal buffer read past its end, then the rest of the stream.
     *
     * @return a stream positioned just after the RDB checksum.
     */
    public InputStream remainingInput()
    {
        if (!loaded)
        {
            throw new IllegalStateException("load has not completed");
        }
        if (position == limit)
        {
            return in;
        }

        final byte[] unread = Arrays.copyOfRange(buffer, position, limit);
        return new SequenceInputStream(new ByteArrayInputStream(unread), in);
    }

    private int readHeader() throws IOException
    {
        require(9, "header");
        for (int i = 0; i < RdbFormat.MAGIC.length(); i++)
        {
            if (buffer[position + i] != RdbFormat.MAGIC.charAt(i))
            {
                throw format(0, "not an RDB stream: it does not start with \"REDIS\"");
            }
        }

        int version = 0;
        for (int i = 5; i < 9; i++)
        {
            final int digit = buffer[position + i] - '0';
            if (digit < 0 || digit > 9)
            {
                throw format(5, "RDB version is not 4 decimal digits");
            }
            version = version * 10 + digit;
        }
        position += 9;

        if (version < 1 || version > RdbFormat.MAX_VERSION_READ)
        {
            throw format(5, "unsupported RDB version " + version + ": versions 1 to " + RdbFormat.MAX_VERSION_READ +
                " can be loaded");
        }

        return version;
    }

    // rdb.c rdbGenericLoadStringObject
    private byte[] readString(final String what) throws IOException
    {
        final long start = offset();
        final int first = readUnsignedByte(what);
        if ((first >>> 6) != RdbFormat.ENCVAL)
        {
            return readBytes(start, readLengthAfter(first, what), what);
        }

        // rdb.c rdbLoadIntegerObject
        final int encoding = first & 0x3F;
        switch (encoding)
        {
            case RdbFormat.ENC_INT8:
                require(1, what);
                return decimal(buffer[position++]);

            case RdbFormat.ENC_INT16:
            {
                require(2, what);
                final int value = (short)((buffer[position] & 0xFF) | (buffer[position + 1] << 8));
                position += 2;
                return decimal(value);
            }

            case RdbFormat.ENC_INT32:
                require(4, what);
                return decimal(getIntLE());

            case RdbFormat.ENC_LZF:
                return readLzfString(start, what);

            default:
                throw format(start, "unknown string encoding " + encoding + " for " + what);
        }
    }

    // rdb.c rdbLoadLzfStringObject
    private byte[] readLzfString(final long start, final String what) throws IOException
    {
        final long compressedLength = readLength(what + " compressed length");
        final long length = readLength(what + " length");
        if (compressedLength == 0 || compressedLength > maxStringLength || length > maxStringLength)
        {
            throw format(start, "LZF " + what + " has compressed length " + compressedLength + " and length " +
                length + ", limit is " + maxStringLength);
        }
        if (length > compressedLength * MAX_LZF_EXPANSION)
        {
            throw format(start, "LZF " + what + " claims " + length + " bytes from only " + compressedLength +
                " compressed bytes");
        }

        final byte[] compressed = readBytes(start, compressedLength, what);
        final byte[] value = new byte[(int)length];
        final int decompressed = Lzf.decompress(compressed, 0, compressed.length, value, 0, value.length);
        if (decompressed != length)
        {
            throw format(start, "invalid LZF compressed " + what);
        }

        return value;
    }

    private byte[] readBytes(final long start, final long length, final String what) throws IOException
    {
        if (length > maxStringLength)
        {
            throw format(start, what + " length " + Long.toUnsignedString(length) + " exceeds limit of " +
                maxStringLength);
        }

        final int total = (int)length;
        if (total <= ALLOCATION_CHUNK)
        {
            final byte[] dst = new byte[total];
            readFully(dst, 0, total, what);
            return dst;
        }

        byte[] dst = new byte[ALLOCATION_CHUNK];
        int filled = 0;
        while (filled < total)
        {
            if (filled == dst.length)
            {
                dst = Arrays.copyOf(dst, (int)Math.min(total, 2L * dst.length));
            }
            final int chunk = dst.length - filled;
            readFully(dst, filled, chunk, what);
            filled += chunk;
        }

        return dst;
    }

    private long readLength(final String what) throws IOException
    {
        final long start = offset();
        final int first = readUnsignedByte(what);
        if ((first >>> 6) == RdbFormat.ENCVAL)
        {
            throw format(start, "expected a length for " + what + " but found string encoding " + (first & 0x3F));
        }

        return readLengthAfter(first, what);
    }

    // rdb.c rdbLoadLenByRef
    private long readLengthAfter(final int first, final String what) throws IOException
    {
        switch (first >>> 6)
        {
            case RdbFormat.LEN_6BIT:
                return first & 0x3F;

            case RdbFormat.LEN_14BIT:
                return ((first & 0x3F) << 8) | readUnsignedByte(what);

            default:
                if (first == RdbFormat.LEN_32BIT)
                {
                    require(4, what);
                    final long value = getIntBE() & 0xFFFF_FFFFL;
                    return value;
                }
                if (first == RdbFormat.LEN_64BIT)
                {
                    require(8, what);
                    final long high = getIntBE() & 0xFFFF_FFFFL;
                    final long low = getIntBE() & 0xFFFF_FFFFL;
                    final long value = (high << 32) | low;
                    if (value < 0)
                    {
                        throw format(offset() - 9, "length " + Long.toUnsignedString(value) + " of " + what +
                            " out of range");
                    }
                    return value;
                }
                throw format(offset() - 1, "unknown length encoding 0x" + Integer.toHexString(first) + " for " +
                    what);
        }
    }

    private static byte[] decimal(final long value)
    {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    private long parseAuxLong(final long start, final String key, final String value) throws RdbFormatException
    {
        try
        {
            return Long.parseLong(value);
        }
        catch (final NumberFormatException ex)
        {
            throw format(start, "AUX field " + key + " is not an integer: " + value);
        }
    }

    private int readUnsignedByte(final String what) throws IOException
    {
        if (position == limit)
        {
            require(1, what);
        }
        return buffer[position++] & 0xFF;
    }

    private int getIntLE()
    {
        final byte[] b = buffer;
        final int p = position;
        position = p + 4;
        return (b[p] & 0xFF) | (b[p + 1] & 0xFF) << 8 | (b[p + 2] & 0xFF) << 16 | (b[p + 3] & 0xFF) << 24;
    }

    private int getIntBE()
    {
        final byte[] b = buffer;
        final int p = position;
        position = p + 4;
        return (b[p] & 0xFF) << 24 | (b[p + 1] & 0xFF) << 16 | (b[p + 2] & 0xFF) << 8 | (b[p + 3] & 0xFF);
    }

    private long getLongLE()
    {
        final long low = getIntLE() & 0xFFFF_FFFFL;
        final long high = getIntLE() & 0xFFFF_FFFFL;
        return (high << 32) | low;
    }

    private long offset()
    {
        return bufferStartOffset + position;
    }

    private void foldCrc()
    {
        crc = Crc64.update(crc, buffer, crcMark, position - crcMark);
        crcMark = position;
    }

    /**
     * Make at least {@code length} bytes, at most the buffer size, available from {@code position}.
     */
    private void require(final int length, final String what) throws IOException
    {
        if (limit - position >= length)
        {
            return;
        }

        foldCrc();
        final int remaining = limit - position;
        System.arraycopy(buffer, position, buffer, 0, remaining);
        bufferStartOffset += position;
        position = 0;
        crcMark = 0;
        limit = remaining;

        while (limit < length)
        {
            final int read = in.read(buffer, limit, buffer.length - limit);
            if (read < 0)
            {
                throw truncated(what);
            }
            limit += read;
        }
    }

    private void readFully(final byte[] dst, final int offset, final int length, final String what)
        throws IOException
    {
        final int buffered = Math.min(limit - position, length);
        System.arraycopy(buffer, position, dst, offset, buffered);
        position += buffered;

        int dstOffset = offset + buffered;
        int remaining = length - buffered;
        if (remaining == 0)
        {
            return;
        }

        if (remaining < buffer.length)
        {
            require(remaining, what);
            System.arraycopy(buffer, position, dst, dstOffset, remaining);
            position += remaining;
            return;
        }

        // The buffer is drained: read large strings straight into their array.
        foldCrc();
        bufferStartOffset += position;
        position = 0;
        limit = 0;
        crcMark = 0;

        final int directStart = dstOffset;
        while (remaining > 0)
        {
            final int read = in.read(dst, dstOffset, remaining);
            if (read < 0)
            {
                throw truncated(what);
            }
            dstOffset += read;
            remaining -= read;
            bufferStartOffset += read;
        }
        crc = Crc64.update(crc, dst, directStart, dstOffset - directStart);
    }

    private RdbFormatException truncated(final String what)
    {
        return new RdbFormatException(
            "truncated RDB: stream ended at offset " + (bufferStartOffset + limit) + " while reading " + what);
    }

    private static RdbFormatException format(final long offset, final String message)
    {
        return new RdbFormatException(message + " (at offset " + offset + ")");
    }
}
