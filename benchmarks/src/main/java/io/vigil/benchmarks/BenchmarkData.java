package io.vigil.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Deterministic keys, values and random access orders shared by the benchmarks, so every Vigil benchmark and its
 * anchor work on identical data.
 */
final class BenchmarkData
{
    /** Key length in bytes: {@code key:} followed by twelve decimal digits. */
    static final int KEY_LENGTH = 16;
    /** Value length in bytes. */
    static final int VALUE_LENGTH = 64;
    /** Number of distinct values cycled through by writes; a power of two. */
    static final int VALUE_POOL = 1024;
    /** Length of a random access order; a power of two, so the cursor wraps with a mask. */
    static final int ORDER_LENGTH = 1 << 20;

    private static final long SEED = 0x5EED_1234_ABCDL;

    private BenchmarkData()
    {
    }

    /**
     * @param count number of keys.
     * @return {@code count} distinct 16-byte ASCII keys {@code key:000000000000}, {@code key:000000000001}, ...
     */
    static byte[][] keys(final int count)
    {
        final byte[] prefix = "key:".getBytes(StandardCharsets.US_ASCII);
        final byte[][] keys = new byte[count][];
        for (int i = 0; i < count; i++)
        {
            final byte[] key = new byte[KEY_LENGTH];
            System.arraycopy(prefix, 0, key, 0, prefix.length);
            int n = i;
            for (int j = KEY_LENGTH - 1; j >= prefix.length; j--)
            {
                key[j] = (byte)('0' + n % 10);
                n /= 10;
            }
            keys[i] = key;
        }
        return keys;
    }

    /**
     * @return {@link #VALUE_POOL} values of {@link #VALUE_LENGTH} random bytes.
     */
    static byte[][] values()
    {
        final SplittableRandom random = new SplittableRandom(SEED);
        final byte[][] values = new byte[VALUE_POOL][VALUE_LENGTH];
        for (final byte[] value : values)
        {
            for (int i = 0; i < value.length; i++)
            {
                value[i] = (byte)random.nextInt(256);
            }
        }
        return values;
    }

    /**
     * @param bound exclusive upper bound of the indexes.
     * @return {@link #ORDER_LENGTH} uniformly random indexes in {@code [0, bound)}.
     */
    static int[] randomOrder(final int bound)
    {
        final SplittableRandom random = new SplittableRandom(SEED ^ bound);
        final int[] order = new int[ORDER_LENGTH];
        for (int i = 0; i < order.length; i++)
        {
            order[i] = random.nextInt(bound);
        }
        return order;
    }
}
