package io.vigil.benchmarks;

import java.util.Arrays;

/**
 * How an application keys a {@code java.util} map by {@code byte[]} content: a final wrapper whose hash is computed
 * once, on construction, and whose equality compares the bytes. The ConcurrentHashMap anchors use it.
 */
final class BytesKey
{
    private final byte[] bytes;
    private final int hash;

    BytesKey(final byte[] bytes)
    {
        this.bytes = bytes;
        this.hash = Arrays.hashCode(bytes);
    }

    byte[] bytes()
    {
        return bytes;
    }

    @Override
    public int hashCode()
    {
        return hash;
    }

    @Override
    public boolean equals(final Object o)
    {
        return o == this || (o instanceof BytesKey && Arrays.equals(bytes, ((BytesKey)o).bytes));
    }
}
