package io.vigil.core.rdb;

/**
 * Decompressor for the LZF format, as used by Redis for strings in RDB files ({@code RDB_ENC_LZF}).
 * <p>
 * The stream is a sequence of chunks, each starting with a control byte {@code ctrl}:
 * <ul>
 *     <li>{@code ctrl < 32}: a literal run of {@code ctrl + 1} bytes follows.</li>
 *     <li>otherwise a back reference: length {@code ctrl >> 5} (if 7, one more byte is added to it), then one
 *     byte which together with the low 5 bits of {@code ctrl} is the distance minus one; {@code length + 2} bytes
 *     are copied from that far back in the output, which may overlap the bytes being written.</li>
 * </ul>
 * Every read and write is bounds checked, so corrupt input yields {@link #CORRUPT} rather than an exception.
 * <p>
 * This class is stateless and threadsafe.
 */
public final class Lzf
{
    /**
     * Returned by {@link #decompress(byte[], int, int, byte[], int, int)} when the input is malformed or would not
     * fit in the output.
     */
    public static final int CORRUPT = -1;

    private Lzf()
    {
    }

    /**
     * Decompress {@code inLength} bytes of {@code in} into {@code out}, writing at most {@code outLength} bytes.
     *
     * @param in        compressed bytes.
     * @param inOffset  of the first compressed byte.
     * @param inLength  number of compressed bytes, at least 1.
     * @param out       destination.
     * @param outOffset of the first byte to write.
     * @param outLength room available in {@code out}.
     * @return the number of bytes written, or {@link #CORRUPT}.
     */
    public static int decompress(
        final byte[] in,
        final int inOffset,
        final int inLength,
        final byte[] out,
        final int outOffset,
        final int outLength)
    {
        if ((inOffset | inLength | outOffset | outLength) < 0 ||
            inLength > in.length - inOffset ||
            outLength > out.length - outOffset)
        {
            throw new IndexOutOfBoundsException(
                "in=" + inOffset + "+" + inLength + "/" + in.length + " out=" + outOffset + "+" + outLength + "/" +
                out.length);
        }

        if (inLength == 0)
        {
            return CORRUPT;
        }

        // lzf_d.c lzf_decompress with CHECK_INPUT
        int ip = inOffset;
        int op = outOffset;
        final int inEnd = inOffset + inLength;
        final int outEnd = outOffset + outLength;

        do
        {
            int ctrl = in[ip++] & 0xFF;
            if (ctrl < (1 << 5))
            {
                ctrl++;
                if (ctrl > outEnd - op || ctrl > inEnd - ip)
                {
                    return CORRUPT;
                }
                System.arraycopy(in, ip, out, op, ctrl);
                ip += ctrl;
                op += ctrl;
            }
            else
            {
                int len = ctrl >>> 5;
                if (ip >= inEnd)
                {
                    return CORRUPT;
                }
                if (len == 7)
                {
                    len += in[ip++] & 0xFF;
                    if (ip >= inEnd)
                    {
                        return CORRUPT;
                    }
                }

                final int ref = op - ((ctrl & 0x1F) << 8) - 1 - (in[ip++] & 0xFF);
                len += 2;
                if (len > outEnd - op || ref < outOffset)
                {
                    return CORRUPT;
                }

                if (op - ref >= len)
                {
                    System.arraycopy(out, ref, out, op, len);
                    op += len;
                }
                else
                {
                    // Overlapping copy: earlier output feeds later output, so byte at a time.
                    for (int r = ref, end = op + len; op < end; )
                    {
                        out[op++] = out[r++];
                    }
                }
            }
        }
        while (ip < inEnd);

        return op - outOffset;
    }
}
