package io.vigil.core;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

/**
 * Test helper: a comparable picture of a store's keyspace (every key, value and deadline).
 */
final class StoreState
{
    private StoreState()
    {
    }

    static Map<String, String> of(final VigilStore store)
    {
        final Map<String, String> state = new TreeMap<>();
        final HexFormat hex = HexFormat.of();
        store.keyspace().forEach(e -> state.put(
            hex.formatHex(e.key()), hex.formatHex(e.value()) + "@" + e.expireAtMs()));
        return state;
    }

    static void assertSame(final VigilStore expected, final VigilStore actual)
    {
        final Map<String, String> a = of(expected);
        final Map<String, String> b = of(actual);
        if (!a.equals(b))
        {
            final StringBuilder diff = new StringBuilder("states differ: " + a.size() + " vs " + b.size() + " keys;");
            int shown = 0;
            for (final Map.Entry<String, String> e : a.entrySet())
            {
                if (!e.getValue().equals(b.get(e.getKey())) && shown++ < 5)
                {
                    diff.append(' ').append(e.getKey()).append('=').append(e.getValue())
                        .append(" vs ").append(b.get(e.getKey())).append(';');
                }
            }
            for (final String key : b.keySet())
            {
                if (!a.containsKey(key) && shown++ < 10)
                {
                    diff.append(" extra ").append(key).append('=').append(b.get(key)).append(';');
                }
            }
            org.junit.jupiter.api.Assertions.fail(diff.toString());
        }
    }

    static byte[] logBytes(final VigilStore store, final long from)
    {
        final org.agrona.ExpandableArrayBuffer dst = new org.agrona.ExpandableArrayBuffer();
        final int length = (int)(store.replicationOffset() - from);
        final int n = store.log().read(from, dst, 0, length);
        if (n != length)
        {
            throw new IllegalStateException("log read returned " + n + " for " + length + " bytes");
        }
        return Arrays.copyOf(dst.byteArray(), n);
    }
}
