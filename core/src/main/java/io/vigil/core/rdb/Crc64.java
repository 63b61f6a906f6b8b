package io.vigil.core.rdb;

import org.agrona.DirectBuffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * The CRC-64 variant Redis uses to checksum RDB files and DUMP payloads: "Jones" polynomial, reflected input and
 * output, initial value supplied by the caller (Redis starts from 0) and no final xor.
 * <p>
 * The value is updated incrementally, so a stream can be checksummed chunk by chunk:
 * <pre>{@code
 * long crc = 0;
 * crc = Crc64.update(crc, chunk1, 0, chunk1.length);
 * crc = Crc64.update(crc, chunk2, 0, chunk2.length);
 * }</pre>
 * Uses slice-by-8 tables so that eight bytes are folded per step.
 * <p>
 * This class is stateless and threadsafe.
 */
public final class Crc64
{
    // crc64.c: crc-64-jones, poly 0xad93d23594c935a9; the tables are built for its bit-reversed form.
    private static final long POLY_REFLECTED = Long.reverse(0xad93d23594c935a9L);

    private static final VarHandle LONG_LE =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private static final long[] T0 = new long[256];
    private static final long[] T1 = new long[256];
    private static final long[] T2 = new long[256];
    private static final long[] T3 = new long[256];
    private static final long[] T4 = new long[256];
    private static final long[] T5 = new long[256];
    private static final long[] T6 = new long[256];
    private static final long[] T7 = new long[256];

    static
    {
        for (int i = 0; i < 256; i++)
        {
            long crc = i;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLY_REFLECTED : crc >>> 1;
            }
            T0[i] = crc;
        }

        final long[][] tables = { T0, T1, T2, T3, T4, T5, T6, T7 };
        for (int t = 1; t < tables.length; t++)
        {
            final long[] prev = tables[t - 1];
            final long[] next = tables[t];
            for (int i = 0; i < 256; i++)
            {
                next[i] = T0[(int)prev[i] & 0xFF] ^ (prev[i] >>> 8);
            }
        }
    }

    private Crc64()
    {
    }

    /**
     * Entry {@code index} of the byte-wise lookup table, the same table as {@code crc64_tab} in Redis's crc64.c.
     *
     * @param index in the range 0 to 255.
     * @return the table entry.
     */
    public static long tableEntry(final int index)
    {
        return T0[index];
    }

    /**
     * Fold {@code length} bytes of {@code src} starting at {@code offset} into {@code crc}.
     *
     * @param crc    the running checksum, 0 to start.
     * @param src    the bytes to add.
     * @param offset of the first byte in {@code src}.
     * @param length number of bytes to add.
     * @return the updated checksum.
     */
    public static long update(final long crc, final byte[] src, final int offset, final int length)
    {
        if ((offset | length) < 0 || length > src.length - offset)
        {
            throw new IndexOutOfBoundsException(
                "offset=" + offset + " length=" + length + " capacity=" + src.length);
        }

        long c = crc;
        int i = offset;
        final int end = offset + length;
        final int wordEnd = end - 7;
        while (i < wordEnd)
        {
            c = fold8(c ^ (long)LONG_LE.get(src, i));
            i += 8;
        }

        while (i < end)
        {
            c = T0[((int)c ^ src[i]) & 0xFF] ^ (c >>> 8);
            i++;
        }

        return c;
    }

    /**
     * Fold {@code length} bytes of {@code src} starting at {@code index} into {@code crc}.
     *
     * @param crc    the running checksum, 0 to start.
     * @param src    the bytes to add.
     * @param index  of the first byte in {@code src}.
     * @param length number of bytes to add.
     * @return the updated checksum.
     */
    public static long update(final long crc, final DirectBuffer src, final int index, final int length)
    {
        src.boundsCheck(index, length);

        long c = crc;
        int i = index;
        final int end = index + length;
        final int wordEnd = end - 7;
        while (i < wordEnd)
        {
            c = fold8(c ^ src.getLong(i, ByteOrder.LITTLE_ENDIAN));
            i += 8;
        }

        while (i < end)
        {
            c = T0[((int)c ^ src.getByte(i)) & 0xFF] ^ (c >>> 8);
            i++;
        }

        return c;
    }

    /**
     * Checksum of a whole array starting from 0, as Redis's {@code crc64(0, s, l)}.
     *
     * @param src the bytes to checksum.
     * @return the checksum.
     */
    public static long crc64(final byte[] src)
    {
        return update(0, src, 0, src.length);
    }

    private static long fold8(final long x)
    {
        return T7[(int)x & 0xFF] ^
            T6[(int)(x >>> 8) & 0xFF] ^
            T5[(int)(x >>> 16) & 0xFF] ^
            T4[(int)(x >>> 24) & 0xFF] ^
            T3[(int)(x >>> 32) & 0xFF] ^
            T2[(int)(x >>> 40) & 0xFF] ^
            T1[(int)(x >>> 48) & 0xFF] ^
            T0[(int)(x >>> 56)];
    }
}
