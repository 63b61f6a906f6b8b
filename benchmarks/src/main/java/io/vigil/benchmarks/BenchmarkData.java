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
     * Keys in the format redis-benchmark uses for {@code -r}: {@code key:} and twelve decimal digits. The numbers are
     * the key indexes scrambled by a bijection of {@code [0, 10^12)}, so they look random: with the sequential numbers
     * {@code 0..count-1}, ConcurrentHashMap's polynomial hash would be nearly sequential too, giving it a
     * collision-free table laid out in key order, an accident of the key set rather than a property of the map.
     * The arrays are allocated in a random order, so a key's number says nothing about where it lies in memory.
     *
     * @param count number of keys.
     * @return {@code count} distinct 16-byte ASCII keys; the same ones on every call.
     */
    static byte[][] keys(final int count)
    {
        final byte[] prefix = "key:".getBytes(StandardCharsets.US_ASCII);
        final byte[][] keys = new byte[count][];
        for (final int i : permutation(count, 1))
        {
            final byte[] key = new byte[KEY_LENGTH];
            System.arraycopy(prefix, 0, key, 0, prefix.length);
            long n = keyNumber(i);
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
     * A bijection of {@code [0, 10^12)}: multiplying by a number prime to 10 is invertible modulo 10^12.
     *
     * @param index a key index.
     * @return the number in the key's name.
     */
    static long keyNumber(final int index)
    {
        final long modulus = 1_000_000_000_000L;
        return (index * 748_239_017_931L + 271_828_182_845L) % modulus;
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
     * The order in which to fill a table: a random one, unrelated to the order the keys were allocated in, so that
     * the entries' places in memory follow neither the key arrays' nor any table's order.
     *
     * @param count number of keys.
     * @return a random permutation of {@code [0, count)}.
     */
    static int[] fillOrder(final int count)
    {
        return permutation(count, 2);
    }

    private static int[] permutation(final int count, final int salt)
    {
        final SplittableRandom random = new SplittableRandom(SEED + salt);
        final int[] permutation = new int[count];
        for (int i = 0; i < count; i++)
        {
            permutation[i] = i;
        }
        for (int i = count - 1; i > 0; i--)
        {
            final int j = random.nextInt(i + 1);
            final int t = permutation[i];
            permutation[i] = permutation[j];
            permutation[j] = t;
        }
        return permutation;
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
