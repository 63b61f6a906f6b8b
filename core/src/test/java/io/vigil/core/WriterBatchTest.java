package io.vigil.core;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The writer hashes a batch's keys and loads their table lines before applying it ({@link Keyspace#prefetch}), and
 * hands each command its first key's hash. Whatever a batch holds, the replies, the keyspace and the log must be
 * exactly those of applying the same requests one at a time.
 */
class WriterBatchTest
{
    private static final long START_MS = 1_700_000_000_000L;

    private static byte[] b(final String s)
    {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static VigilStore invokerStore(final AtomicLong clock)
    {
        return VigilStore.start(StoreConfig.builder()
            .threadingMode(StoreConfig.ThreadingMode.INVOKER)
            .writerQueueCapacity(64 * 1024)
            .clock(clock::get)
            .build());
    }

    /**
     * A random mix of write commands over a few keys, so a batch repeats keys, collides in the table, and mixes
     * commands whose first key is argv[1] with FLUSHALL (no keys), RENAME (a second key) and errors.
     */
    private static List<String[]> commands(final long seed, final int count)
    {
        final Random random = new Random(seed);
        final List<String[]> commands = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            final String k = "k" + random.nextInt(12);
            final String k2 = "k" + random.nextInt(12);
            final String v = Integer.toString(random.nextInt(1000));
            final String[] command = switch (random.nextInt(14))
            {
                case 0 -> new String[]{"SET", k, v};
                case 1 -> new String[]{"SET", k, v, "PX", "100000", "GET"};
                case 2 -> new String[]{"SETNX", k, v};
                case 3 -> new String[]{"INCRBY", k, v};
                case 4 -> new String[]{"APPEND", k, v};
                case 5 -> new String[]{"DEL", k, k2};
                case 6 -> new String[]{"MSET", k, v, k2, v};
                case 7 -> new String[]{"RENAME", k, k2};
                case 8 -> new String[]{"PEXPIRE", k, "5000"};
                case 9 -> new String[]{"PERSIST", k};
                case 10 -> new String[]{"GETDEL", k};
                case 11 -> random.nextInt(8) == 0 ? new String[]{"FLUSHALL"} : new String[]{"GETSET", k, v};
                case 12 -> new String[]{"SET", k, v, "XX", "KEEPTTL"};
                default -> new String[]{"SET", k};
            };
            commands.add(command);
        }
        return commands;
    }

    private static byte[] logBytes(final VigilStore store)
    {
        final ReplicationLog log = store.log();
        final int length = (int)(log.publishedPosition() - log.startOffset());
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[length]);
        assertEquals(length, log.read(log.startOffset(), buffer, 0, length));
        return buffer.byteArray();
    }

    private static String describe(final Object reply)
    {
        if (reply instanceof byte[] bytes)
        {
            return "bulk:" + new String(bytes, StandardCharsets.UTF_8);
        }
        return String.valueOf(reply);
    }

    @Test
    void shouldGiveABatchExactlyTheResultsOfApplyingItsRequestsOneByOne()
    {
        final AtomicLong clock = new AtomicLong(START_MS);
        for (long seed = 1; seed <= 20; seed++)
        {
            final List<String[]> commands = commands(seed, 250);
            try (VigilStore batched = invokerStore(clock); VigilStore single = invokerStore(clock))
            {
                final List<CompletableFuture<Object>> futures = new ArrayList<>();
                for (final String[] command : commands)
                {
                    futures.add(batched.executeAsync(command));
                }
                // One duty cycle drains up to 256 requests: all 250 are applied as one batch.
                batched.invoker().invoke();
                for (int i = 0; i < commands.size(); i++)
                {
                    assertTrue(futures.get(i).isDone(), "request " + i + " was not in the batch");
                    final Object expected = single.execute(commands.get(i));
                    assertEquals(describe(expected), describe(futures.get(i).join()),
                        "seed " + seed + ", request " + i + ": " + String.join(" ", commands.get(i)));
                }
                StoreState.assertSame(single, batched);
                assertArrayEquals(logBytes(single), logBytes(batched), "seed " + seed);
            }
        }
    }

    @Test
    void shouldHashAndLoadEveryKeyOfABatchWithoutChangingTheTable()
    {
        final Keyspace keyspace = new Keyspace();
        final byte[][] keys = new byte[64][];
        for (int i = 0; i < keys.length; i++)
        {
            keys[i] = i % 5 == 0 ? null : b("key:" + i);
            if (i % 2 == 0 && keys[i] != null)
            {
                keyspace.put(keys[i], Keyspace.hash(keys[i]), b("v" + i), Entry.NO_EXPIRY, i);
            }
        }
        final int[] hashes = new int[keys.length];
        final Entry[] slots = new Entry[keys.length];
        keyspace.prefetch(keys, hashes, slots, keys.length);

        for (int i = 0; i < keys.length; i++)
        {
            if (keys[i] != null)
            {
                assertEquals(Keyspace.hash(keys[i]), hashes[i], "key " + i);
                final Entry e = keyspace.get(keys[i]);
                if (i % 2 == 0)
                {
                    assertArrayEquals(b("v" + i), e.value());
                }
                else
                {
                    assertNull(e);
                }
            }
        }
        assertTrue(Arrays.stream(slots).allMatch(e -> e == null), "scratch slots must be left empty");
        assertEquals(25, keyspace.size());
    }
}
