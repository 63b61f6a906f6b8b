package io.vigil.core;

import org.junit.jupiter.api.Test;

import java.lang.ref.WeakReference;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeyspaceTest
{
    private final Keyspace keyspace = new Keyspace();

    private static byte[] b(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private void put(final String key, final String value)
    {
        keyspace.put(b(key), Keyspace.hash(b(key)), b(value), Entry.NO_EXPIRY, 0);
    }

    @Test
    void shouldOverwriteInPlaceAndReturnPreviousEntry()
    {
        put("a", "1");
        final Entry previous = keyspace.put(b("a"), Keyspace.hash(b("a")), b("2"), Entry.NO_EXPIRY, 1);
        assertArrayEquals(b("1"), previous.value());
        assertArrayEquals(b("2"), keyspace.get(b("a")).value());
        assertEquals(1, keyspace.size());
    }

    @Test
    void shouldKeepProbeChainsIntactAcrossDeletes()
    {
        final Map<String, String> model = new HashMap<>();
        final Random random = new Random(42);
        for (int i = 0; i < 200_000; i++)
        {
            final String key = "k" + random.nextInt(5_000);
            if (random.nextInt(3) == 0)
            {
                final Entry removed = keyspace.remove(b(key), Keyspace.hash(b(key)));
                assertEquals(model.remove(key) != null, removed != null);
            }
            else
            {
                put(key, "v" + i);
                model.put(key, "v" + i);
            }
        }
        assertEquals(model.size(), keyspace.size());
        for (final Map.Entry<String, String> e : model.entrySet())
        {
            assertArrayEquals(b(e.getValue()), keyspace.get(b(e.getKey())).value(), e.getKey());
        }
        for (int i = 0; i < 5_000; i++)
        {
            if (!model.containsKey("k" + i))
            {
                assertNull(keyspace.get(b("k" + i)));
            }
        }
    }

    @Test
    void shouldHoldAKeyOfUpTo16BytesOnlyInTheEntryAndKeepALongerKeysArray()
    {
        final Random random = new Random(7);
        for (int length = 0; length <= 40; length++)
        {
            final byte[] key = new byte[length];
            random.nextBytes(key);
            if (length > 0)
            {
                key[0] = (byte)0xFF;
                key[length - 1] = 0;
            }
            keyspace.put(key, Keyspace.hash(key), b("v" + length), Entry.NO_EXPIRY, length);
            final Entry e = keyspace.get(key.clone());
            assertNotNull(e, "length " + length);
            assertEquals(length, e.keyLength());
            assertArrayEquals(key, e.key(), "length " + length);
            if (length <= Entry.INLINE_KEY_BYTES)
            {
                assertFalse(e instanceof Entry.LongKey, "length " + length);
                assertNotSame(key, e.key(), "a short key is rebuilt from the entry, length " + length);
            }
            else
            {
                assertSame(key, e.key(), "a long key's array is kept, length " + length);
            }
        }
        assertEquals(41, keyspace.size());
    }

    @Test
    void shouldGiveAShortKeysEntryNoArrayButItsValue()
    {
        // A key of up to 16 bytes lives in the entry's own fields: the only array an entry of that class refers to is
        // the value, so the key array a put was given is free to die young.
        final long arrays = java.util.Arrays.stream(Entry.class.getDeclaredFields())
            .filter(f -> !java.lang.reflect.Modifier.isStatic(f.getModifiers()))
            .filter(f -> !f.getType().isPrimitive())
            .count();
        assertEquals(1, arrays, "Entry's reference fields");
        final byte[] key = b("key:000000000001");
        keyspace.put(key, Keyspace.hash(key), b("value"), Entry.NO_EXPIRY, 1);
        assertEquals(Entry.class, keyspace.get(key.clone()).getClass());
    }

    @Test
    void shouldTellApartKeysThatShareTheirFirstBytes()
    {
        // An entry compares up to 16 key bytes from its own fields, zero-padded: the length and the key array decide
        // the rest.
        final byte[][] keys = {
            {}, {0}, {0, 0}, b("a"), {'a', 0}, b("0123456789abcdef"), b("0123456789abcdef0"),
            b("0123456789abcdef\0"), b("0123456789abcdefXXXXXXXXXXXXXXXXXX1"), b("0123456789abcdefXXXXXXXXXXXXXXXXXX2"),
            b("0123456789abcde"), b("0123456\u00e9")
        };
        for (int i = 0; i < keys.length; i++)
        {
            keyspace.put(keys[i], Keyspace.hash(keys[i]), b("v" + i), Entry.NO_EXPIRY, i);
        }
        assertEquals(keys.length, keyspace.size());
        for (int i = 0; i < keys.length; i++)
        {
            final Entry e = keyspace.get(keys[i].clone());
            assertNotNull(e, "key " + i);
            assertArrayEquals(keys[i], e.key());
            assertArrayEquals(b("v" + i), e.value(), "key " + i);
        }
        assertNull(keyspace.get(new byte[] {0, 0, 0}));
        assertNull(keyspace.get(b("0123456789abcdefXXXXXXXXXXXXXXXXXX3")));
        for (int i = 0; i < keys.length; i += 2)
        {
            assertNotNull(keyspace.remove(keys[i].clone(), Keyspace.hash(keys[i])), "key " + i);
        }
        for (int i = 0; i < keys.length; i++)
        {
            assertEquals(i % 2 == 1, keyspace.get(keys[i]) != null, "key " + i);
        }
        assertEquals(keys.length - (keys.length + 1) / 2, keyspace.size());
    }

    @Test
    void shouldCopyAChunkOnItsFirstWriteAfterACollectionAndKeepEveryKey()
    {
        final Keyspace young = new Keyspace(Keyspace.MIN_CAPACITY, true);
        final int keys = 3 * Keyspace.MAX_CHUNK_SLOTS; // several chunks
        for (int i = 0; i < keys; i++)
        {
            put(young, "k" + i, "v" + i);
        }
        final long copiesBefore = young.chunkCopies();
        collect();
        // The writer reads the collection counts once every STORES_PER_COLLECTION_CHECK stores: within that many
        // writes to one key it notices the collection and copies that key's chunk, once.
        for (int i = 0; i < Keyspace.STORES_PER_COLLECTION_CHECK; i++)
        {
            put(young, "k0", "after" + i);
        }
        assertEquals(copiesBefore + 1, young.chunkCopies());
        young.remove(b("k1"), Keyspace.hash(b("k1")));

        assertArrayEquals(b("after" + (Keyspace.STORES_PER_COLLECTION_CHECK - 1)), young.get(b("k0")).value());
        assertNull(young.get(b("k1")));
        for (int i = 2; i < keys; i++)
        {
            assertArrayEquals(b("v" + i), young.get(b("k" + i)).value(), "k" + i);
        }
        assertEquals(keys - 1, young.size());
    }

    @Test
    void shouldNotCopyChunksWhenTheCollectorDoesNotNeedIt()
    {
        final Keyspace plain = new Keyspace(Keyspace.MIN_CAPACITY, false);
        final int keys = 3 * Keyspace.MAX_CHUNK_SLOTS;
        for (int i = 0; i < keys; i++)
        {
            put(plain, "k" + i, "v" + i);
        }
        collect();
        for (int i = 0; i < 2 * Keyspace.STORES_PER_COLLECTION_CHECK; i++)
        {
            put(plain, "k" + i, "after" + i);
        }
        assertEquals(0, plain.chunkCopies());
        assertArrayEquals(b("after0"), plain.get(b("k0")).value());
        assertArrayEquals(b("v" + (keys - 1)), plain.get(b("k" + (keys - 1))).value());
        assertEquals(keys, plain.size());
    }

    private static void put(final Keyspace keyspace, final String key, final String value)
    {
        keyspace.put(b(key), Keyspace.hash(b(key)), b(value), Entry.NO_EXPIRY, 0);
    }

    /**
     * Run the collector until it clears a weakly held object, within a bound.
     */
    static void collect()
    {
        final WeakReference<Object> probe = new WeakReference<>(new Object());
        for (int i = 0; i < 100 && probe.get() != null; i++)
        {
            System.gc();
        }
        assertNull(probe.get(), "no collection happened");
    }

    @Test
    void shouldGrowAndShrink()
    {
        for (int i = 0; i < 10_000; i++)
        {
            put("k" + i, "v");
        }
        final int grown = keyspace.capacity();
        assertTrue(grown >= 20_000, "capacity " + grown);
        for (int i = 0; i < 10_000; i++)
        {
            keyspace.remove(b("k" + i), Keyspace.hash(b("k" + i)));
        }
        assertEquals(0, keyspace.size());
        assertTrue(keyspace.capacity() < grown, "capacity " + keyspace.capacity());
    }

    @Test
    void shouldScanEveryKeyPresentThroughoutDespiteResizes()
    {
        for (int i = 0; i < 1_000; i++)
        {
            put("stable" + i, "v");
        }
        final Set<String> seen = new HashSet<>();
        long cursor = 0;
        int step = 0;
        do
        {
            cursor = keyspace.scan(cursor, 10, e -> seen.add(new String(e.key(), StandardCharsets.UTF_8)));
            // Alternate growth and shrinkage between calls so the scan crosses several table sizes.
            if (step % 20 < 10)
            {
                for (int i = 0; i < 500; i++)
                {
                    put("churn" + step + "_" + i, "v");
                }
            }
            else
            {
                for (int s = 0; s < step; s++)
                {
                    for (int i = 0; i < 500; i++)
                    {
                        keyspace.remove(b("churn" + s + "_" + i), Keyspace.hash(b("churn" + s + "_" + i)));
                    }
                }
            }
            step++;
        }
        while (cursor != 0 && step < 100_000);
        assertEquals(0, cursor);
        for (int i = 0; i < 1_000; i++)
        {
            assertTrue(seen.contains("stable" + i), "missing stable" + i);
        }
    }

    @Test
    void shouldSampleAndDeleteOnlyExpiredEntries()
    {
        for (int i = 0; i < 100; i++)
        {
            keyspace.put(b("e" + i), Keyspace.hash(b("e" + i)), b("v"), 1_000, 0);
            keyspace.put(b("l" + i), Keyspace.hash(b("l" + i)), b("v"), 5_000, 0);
            put("p" + i, "v");
        }
        assertEquals(200, keyspace.expiresCount());
        final Set<String> expired = new HashSet<>();
        int sampled = 0;
        for (int i = 0; i < 100; i++)
        {
            sampled += keyspace.sampleExpired(2_000, 64, key -> expired.add(new String(key, StandardCharsets.UTF_8)));
        }
        assertTrue(sampled > 0);
        assertEquals(100, expired.size());
        for (int i = 0; i < 100; i++)
        {
            assertTrue(expired.contains("e" + i));
            assertNull(keyspace.get(b("e" + i)));
            assertNotNull(keyspace.get(b("l" + i)));
        }
        assertEquals(100, keyspace.expiresCount());
        assertEquals(200, keyspace.size());
    }

    @Test
    void shouldHideExpiredEntryFromLiveLookupOnlyAfterItsDeadline()
    {
        keyspace.put(b("k"), Keyspace.hash(b("k")), b("v"), 1_000, 0);
        assertNotNull(keyspace.getLive(b("k"), 1_000));
        assertNull(keyspace.getLive(b("k"), 1_001));
        assertNotNull(keyspace.get(b("k")));
    }

    @Test
    void shouldPublishNewEmptyTableOnClear()
    {
        put("a", "1");
        keyspace.clear();
        assertNull(keyspace.get(b("a")));
        assertEquals(0, keyspace.size());
    }

    @Test
    void shouldHashEveryLengthDifferently()
    {
        final Set<Integer> hashes = new HashSet<>();
        final byte[] base = new byte[40];
        for (int length = 0; length <= 40; length++)
        {
            hashes.add(Keyspace.hash(java.util.Arrays.copyOf(base, length)));
        }
        assertEquals(41, hashes.size());
    }
}
