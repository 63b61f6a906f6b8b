package io.vigil.benchmarks;

import io.vigil.core.StoreConfig;
import io.vigil.core.VigilStore;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Heap per key of a {@link VigilStore} and, in the same run, of its anchor, a {@link ConcurrentHashMap} of
 * {@link BytesKey} to {@code byte[]}: both filled with the same keys of 16 bytes and 8-byte values, each key and value
 * a fresh array as a server parses them, and measured as the heap in use after full collections, before the store or
 * map is created and after the fill, so each side's table (presized for the keys) and Vigil's replication backlog
 * count too. Not a JMH benchmark: it counts bytes, not time.
 * <pre>
 * java --add-exports=java.base/jdk.internal.misc=ALL-UNNAMED -cp benchmarks/target/benchmarks.jar \
 *     io.vigil.benchmarks.MemoryPerKey [keys]
 * </pre>
 */
public final class MemoryPerKey
{
    private MemoryPerKey()
    {
    }

    /**
     * @param args optional number of keys, 1,000,000 by default.
     */
    public static void main(final String[] args)
    {
        final int n = args.length > 0 ? Integer.parseInt(args[0]) : MillionKeys.COUNT;
        final byte[][] keys = BenchmarkData.keys(n);
        // The anchor first: once its method returns, nothing refers to the map, whereas a closed store's threads may
        // take a moment to let go of it.
        final long map = mapBytesPerKey(keys);
        final long store = storeBytesPerKey(keys);
        System.out.printf("keys: %d of 16 bytes, values of 8 bytes%n", n);
        System.out.printf("VigilStore:        %d bytes per key%n", store);
        System.out.printf("ConcurrentHashMap: %d bytes per key (BytesKey wrapper, presized)%n", map);
        System.out.printf("ratio, anchor / Vigil: %.2f%n", map / (double)store);
    }

    private static long mapBytesPerKey(final byte[][] keys)
    {
        final int n = keys.length;
        final long before = usedHeap();
        final ConcurrentHashMap<BytesKey, byte[]> map = new ConcurrentHashMap<>(n);
        for (int i = 0; i < n; i++)
        {
            map.put(new BytesKey(keys[i].clone()), new byte[8]);
        }
        final long perKey = (usedHeap() - before) / n;
        check(map.size(), n);
        return perKey;
    }

    private static long storeBytesPerKey(final byte[][] keys)
    {
        final int n = keys.length;
        final long before = usedHeap();
        try (VigilStore store = VigilStore.start(StoreConfig.builder().expectedKeys(n).build()))
        {
            CompletableFuture<Object> last = null;
            for (int i = 0; i < n; i++)
            {
                last = store.executeOwnedAsync(Stores.SET, keys[i].clone(), new byte[8]);
                if ((i & 4095) == 0)
                {
                    last.join();
                }
            }
            if (last != null)
            {
                last.join();
            }
            final long perKey = (usedHeap() - before) / n;
            check(store.dbSize(), n);
            return perKey;
        }
    }

    private static void check(final long size, final int n)
    {
        if (size != n)
        {
            throw new IllegalStateException("holds " + size + " keys, expected " + n);
        }
    }

    private static long usedHeap()
    {
        final Runtime runtime = Runtime.getRuntime();
        for (int i = 0; i < 3; i++)
        {
            System.gc();
        }
        return runtime.totalMemory() - runtime.freeMemory();
    }
}
