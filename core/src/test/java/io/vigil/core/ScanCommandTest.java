package io.vigil.core;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import static io.vigil.core.CommandFixture.assertArray;
import static io.vigil.core.CommandFixture.assertBulk;
import static io.vigil.core.CommandFixture.b;
import static io.vigil.core.CommandFixture.err;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScanCommandTest
{
    private static final String SYNTAX = "ERR syntax error";

    private final CommandFixture f = new CommandFixture();

    @AfterEach
    void close()
    {
        f.close();
    }

    /**
     * Iterate from cursor 0 to the end, calling {@code between} after each page.
     *
     * @return every key returned, with repeats.
     */
    private static List<String> scanAll(
        final Function<String[], Object> scan, final List<String> options, final Runnable between)
    {
        final List<String> keys = new ArrayList<>();
        String cursor = "0";
        for (int page = 0; page < 1_000_000; page++)
        {
            final List<String> command = new ArrayList<>(List.of("SCAN", cursor));
            command.addAll(options);
            final Object reply = scan.apply(command.toArray(new String[0]));
            assertInstanceOf(Object[].class, reply, () -> RedisDifferentialTest.show(reply));
            final Object[] parts = (Object[])reply;
            assertEquals(2, parts.length);
            for (final Object key : (Object[])parts[1])
            {
                keys.add(new String((byte[])key, StandardCharsets.UTF_8));
            }
            cursor = new String((byte[])parts[0], StandardCharsets.US_ASCII);
            if (cursor.equals("0"))
            {
                return keys;
            }
            between.run();
        }
        throw new AssertionError("SCAN did not finish");
    }

    private List<String> scanAll(final String... options)
    {
        return scanAll(f::exec, List.of(options), () -> {});
    }

    private void setKeys(final String prefix, final int from, final int to)
    {
        for (int i = from; i < to; i++)
        {
            f.exec("SET", prefix + i, "v");
        }
    }

    @Test
    void shouldEndAtOnceOnAnEmptyKeyspace()
    {
        for (final String cursor : List.of("0", "7", "18446744073709551615", "", "-1", "+0"))
        {
            final Object[] reply = (Object[])f.exec("SCAN", cursor, "COUNT", "1");
            assertBulk("0", reply[0]);
            assertArray(reply[1]);
        }
    }

    @Test
    void shouldReturnEveryKeyOverAFullIterationWhateverTheCount()
    {
        setKeys("k", 0, 300);
        for (final String count : List.of("1", "3", "10", "1000"))
        {
            final List<String> keys = scanAll("COUNT", count);
            assertEquals(300, new HashSet<>(keys).size(), "COUNT " + count);
            assertTrue(new HashSet<>(keys).stream().allMatch(k -> k.startsWith("k")));
        }
    }

    @Test
    void shouldReturnAllKeysInOneCallWhenCountCoversTheTable()
    {
        setKeys("k", 0, 5);
        final Object[] reply = (Object[])f.exec("SCAN", "0", "COUNT", "1000");
        assertBulk("0", reply[0]);
        assertEquals(5, ((Object[])reply[1]).length);
    }

    @Test
    void shouldFilterWithMatch()
    {
        setKeys("user:", 0, 50);
        setKeys("order:", 0, 50);
        final Set<String> users = new HashSet<>(scanAll("MATCH", "user:*", "COUNT", "7"));
        assertEquals(50, users.size());
        assertTrue(users.stream().allMatch(k -> k.startsWith("user:")));
        assertEquals(Set.of("user:1", "user:10", "user:11", "user:12", "user:13", "user:14", "user:15", "user:16",
            "user:17", "user:18", "user:19"), new HashSet<>(scanAll("MATCH", "user:1*")));
        assertEquals(Set.of("order:7"), new HashSet<>(scanAll("match", "order:[7]", "count", "2")));
    }

    @Test
    void shouldFilterWithTypeIgnoringCase()
    {
        setKeys("k", 0, 20);
        assertEquals(20, new HashSet<>(scanAll("TYPE", "string")).size());
        assertEquals(20, new HashSet<>(scanAll("TYPE", "STRING", "COUNT", "3")).size());
        assertEquals(List.of(), scanAll("TYPE", "list"));
        assertEquals(List.of(), scanAll("TYPE", "hash", "MATCH", "k*"));
        assertEquals(List.of(), scanAll("TYPE", "nosuchtype"));
    }

    @Test
    void shouldLetTheLastRepeatedOptionWin()
    {
        setKeys("a", 0, 5);
        setKeys("b", 0, 5);
        assertEquals(5, new HashSet<>(scanAll("MATCH", "x*", "MATCH", "a*")).size());
        assertEquals(List.of(), scanAll("TYPE", "string", "TYPE", "list"));
    }

    @Test
    void shouldNotReturnKeysPastTheirDeadline()
    {
        setKeys("k", 0, 10);
        f.exec("SET", "gone", "v", "PX", "5");
        f.advance(6);
        final Set<String> keys = new HashSet<>(scanAll());
        assertEquals(10, keys.size());
        assertFalse(keys.contains("gone"));
    }

    @Test
    void shouldRejectCursorsStrtoulRejects()
    {
        for (final String cursor : List.of("abc", " 0", "0 ", "1.5", "0x0", "18446744073709551616", "-", "+", "\t0"))
        {
            assertEquals(err("ERR invalid cursor"), f.exec("SCAN", cursor), cursor);
        }
    }

    @Test
    void shouldEndTheCursorAtANulByte()
    {
        f.exec("SET", "k", "v");
        final Object[] reply = (Object[])f.exec(b("SCAN"), b("0\0junk"), b("COUNT"), b("100"));
        assertBulk("0", reply[0]);
        assertArray(reply[1], "k");
    }

    @Test
    void shouldRejectBadOptions()
    {
        f.exec("SET", "k", "v");
        for (final List<String> options : List.of(List.of("COUNT", "0"), List.of("COUNT", "-1"), List.of("COUNT"),
            List.of("MATCH"), List.of("TYPE"), List.of("FOO", "bar"), List.of("COUNT", "10", "FOO"),
            List.of("MATCH", "a", "COUNT")))
        {
            final List<String> command = new ArrayList<>(List.of("SCAN", "0"));
            command.addAll(options);
            assertEquals(err(SYNTAX), f.exec(command.toArray(new String[0])), options.toString());
        }
        assertEquals(err("ERR value is not an integer or out of range"), f.exec("SCAN", "0", "COUNT", "abc"));
        assertEquals(err("ERR value is not an integer or out of range"),
            f.exec("SCAN", "0", "COUNT", "9223372036854775808"));
        assertEquals(err("ERR invalid cursor"), f.exec("SCAN", "abc", "COUNT", "0"));
    }

    @Test
    void shouldReturnKeysPresentThroughoutWhileTheTableGrowsAndShrinksBetweenCalls()
    {
        setKeys("stable:", 0, 100);
        final Set<Integer> capacities = new HashSet<>();
        final int[] page = { 0 };
        final Runnable churn = () ->
        {
            capacities.add(f.store.keyspace().capacity());
            // Every other page: grow the table well past its size, then delete it all again so that it shrinks.
            switch (page[0]++ % 4)
            {
                case 0:
                    setKeys("churn:", 0, 1000);
                    break;
                case 2:
                    for (int i = 0; i < 1000; i++)
                    {
                        f.exec("DEL", "churn:" + i);
                    }
                    break;
                default:
                    break;
            }
            capacities.add(f.store.keyspace().capacity());
        };
        for (final String count : List.of("1", "20"))
        {
            final List<String> keys = scanAll(f::exec, List.of("COUNT", count, "MATCH", "stable:*"), churn);
            assertEquals(100, new HashSet<>(keys).size(), "COUNT " + count);
        }
        assertTrue(page[0] > 4, "too few pages to grow and shrink: " + page[0]);
        assertTrue(capacities.size() >= 3, "the table did not both grow and shrink: " + capacities);
    }

    @Test
    void shouldReturnKeysPresentThroughoutWhileAnotherThreadWrites() throws Exception
    {
        try (VigilStore store = VigilStore.start(StoreConfig.defaults()))
        {
            for (int i = 0; i < 300; i++)
            {
                store.execute("SET", "stable:" + i, "v");
            }
            final AtomicBoolean stop = new AtomicBoolean();
            final AtomicReference<Throwable> failure = new AtomicReference<>();
            final Set<Integer> capacities = ConcurrentHashMap.newKeySet();
            final Thread writer = new Thread(() ->
            {
                try
                {
                    for (int round = 0; !stop.get(); round++)
                    {
                        // Asynchronous writes are batched by the writer, so each round grows and then shrinks the
                        // table within milliseconds.
                        CompletableFuture<Object> last = null;
                        for (int i = 0; i < 2000; i++)
                        {
                            last = store.executeAsync("SET", "churn:" + round + ":" + i, "v");
                        }
                        last.get(10, TimeUnit.SECONDS);
                        capacities.add(store.keyspace().capacity());
                        for (int i = 0; i < 2000; i++)
                        {
                            last = store.executeAsync("DEL", "churn:" + round + ":" + i);
                        }
                        last.get(10, TimeUnit.SECONDS);
                        capacities.add(store.keyspace().capacity());
                    }
                }
                catch (final Throwable t)
                {
                    failure.set(t);
                }
            }, "churn");
            writer.start();
            try
            {
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
                int iterations = 0;
                while (iterations < 5 || (System.nanoTime() - deadline < 0 && iterations < 200))
                {
                    final Set<String> stable = new HashSet<>();
                    for (final String key : scanAll(store::execute, List.of("COUNT", "5"), () -> {}))
                    {
                        if (key.startsWith("stable:"))
                        {
                            stable.add(key);
                        }
                        else
                        {
                            assertTrue(key.startsWith("churn:"), key);
                        }
                    }
                    assertEquals(300, stable.size(), "iteration " + iterations);
                    iterations++;
                }
            }
            finally
            {
                stop.set(true);
                writer.join(TimeUnit.SECONDS.toMillis(10));
            }
            assertFalse(writer.isAlive(), "writer thread did not stop");
            assertNull(failure.get());
            assertTrue(capacities.size() >= 2, "the table never resized: " + capacities);
        }
    }
}
