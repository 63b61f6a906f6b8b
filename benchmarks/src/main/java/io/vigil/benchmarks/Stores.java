package io.vigil.benchmarks;

import io.vigil.core.StoreConfig;
import io.vigil.core.VigilStore;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

/**
 * Starting and filling the {@link VigilStore}s the benchmarks use.
 */
final class Stores
{
    /** The SET command name. */
    static final byte[] SET = "SET".getBytes(StandardCharsets.US_ASCII);

    private Stores()
    {
    }

    /**
     * @param expectedKeys keys to size the table for.
     * @return a store whose writer runs on its own thread.
     */
    static VigilStore startDedicated(final int expectedKeys)
    {
        return VigilStore.start(StoreConfig.builder()
            .threadingMode(StoreConfig.ThreadingMode.DEDICATED)
            .expectedKeys(expectedKeys)
            .build());
    }

    /**
     * SET every key, with value {@code i % values.length} for key {@code i}, through the asynchronous path, in the
     * given order, and wait until all are applied.
     *
     * @param store  the store.
     * @param keys   the keys; handed over to the store, never modified afterwards.
     * @param values the values; handed over to the store, never modified afterwards.
     * @param order  a permutation of the key indexes.
     */
    static void fill(final VigilStore store, final byte[][] keys, final byte[][] values, final int[] order)
    {
        CompletableFuture<Object> last = null;
        int n = 0;
        for (final int i : order)
        {
            last = store.executeOwnedAsync(SET, keys[i], values[i % values.length]);
            if ((++n & 4095) == 0)
            {
                last.join();
            }
        }
        if (last != null)
        {
            last.join();
        }
        if (store.dbSize() != keys.length)
        {
            throw new IllegalStateException("store holds " + store.dbSize() + " keys, expected " + keys.length);
        }
    }
}
